using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Queries;
using FlowGrain.Grains.Storage;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Aggregation;

/// <summary>
/// Roll-ups: fine windows older than a short fine retention (2 minutes here) are answered from one-minute roll-ups,
/// with exactly the numbers the fine windows had, nothing counted twice at the seam, late reports included.
/// </summary>
public sealed class RollupTests
{
    private const long Minute = 60;
    private static readonly long Start = T0 - (T0 % 3600);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Ten_minutes_read_through_roll_ups_sum_exactly_what_fine_windows_kept_for_all_that_time_hold(int seed)
    {
        var (shortLived, keptFine, now) = Feed(seed);

        // Aligned to roll-up windows, the whole span and every range that crosses the seam give the same numbers.
        var seam = shortLived.Grid.HistorySeam(now);
        Assert.True(seam > Start + (3 * Minute), "part of the span is only in roll-ups");
        for (var from = Start; from < now; from += Minute)
        {
            var query = new FlowListQuery(new TimeRange(from, now + 1), FlowFilter.All, [FlowSort.Time], 0);
            var rolled = Rows(KeyListing.List(shortLived.KeysIn(from, now + 1, now), query));
            var fine = Rows(KeyListing.List(keptFine.KeysIn(from, now + 1, now), query));

            Assert.Equal(fine.Keys.Select(k => k.Id).Order(), rolled.Keys.Select(k => k.Id).Order());
            Assert.All(fine, pair => Assert.Equal(pair.Value.Counters, rolled[pair.Key].Counters));
            var summedRows = Rows(FlowListing.List(shortLived.Views(from, now + 1, now: now), query));
            Assert.All(summedRows, pair => Assert.Equal(pair.Value.Counters, rolled[pair.Key].Counters));
            Assert.Equal(rolled.Count, summedRows.Count);
        }
    }

    [Fact]
    public void A_range_that_starts_inside_a_roll_up_takes_all_of_it_and_starts_where_it_starts()
    {
        var (shortLived, _, now) = Feed(7);
        var from = Start + Minute + 20; // the second minute's roll-up, 20 s in
        var query = new FlowListQuery(new TimeRange(from, now + 1), FlowFilter.All, [FlowSort.Time], 0);

        var page = KeyListing.List(shortLived.KeysIn(from, now + 1, now), query);

        Assert.Equal(Start + Minute, page.Flows.Min(f => f.Start));
    }

    [Fact]
    public void Per_interval_rows_of_a_range_in_roll_ups_come_one_per_roll_up_however_short_the_interval()
    {
        var (shortLived, _, now) = Feed(11);
        var query = new FlowListQuery(new TimeRange(Start, Start + (4 * Minute)), FlowFilter.All, [FlowSort.Time], 0, AggregationInterval: 15);

        var rows = FlowListing.List(shortLived.Views(Start, Start + (4 * Minute), now: now), query).Flows;

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal((0, Minute), (row.Start % Minute, row.End - row.Start)));
        Assert.Equal(rows.Length, rows.Select(r => (r.Key.Id, r.Start)).Distinct().Count());
    }

    [Fact]
    public void Late_reports_into_a_rolled_up_window_amend_its_roll_up_and_replays_of_them_are_still_skipped()
    {
        var ring = ShortLived();
        var key = Key(dest: "late-*");
        ring.Ingest([Bytes(key, Start + 5, 10)], Start + 6);
        Pass(ring, Start + 6, Start + (2 * Minute));
        Assert.Equal(1, Sum(ring, key, Start + (2 * Minute)) > 0 ? 1 : 0);

        // Into the first minute's window, still kept (fine retention 2 minutes), its roll-up made already.
        var late = Start + (2 * Minute) + 5;
        ring.Ingest([Bytes(key, Start + 3, 5, node: "node-2")], late);
        ring.Ingest([Bytes(key, Start + 3, 5, node: "node-2")], late + 1); // a replay
        Pass(ring, late + 1, Start + (6 * Minute));

        Assert.Equal(15, Sum(ring, key, Start + (6 * Minute)));
    }

    [Fact]
    public async Task Roll_ups_are_written_once_with_their_amendments_and_read_back_by_a_new_activation()
    {
        var store = new MemoryWindowStore();
        var ring = ShortLived();
        var key = Key(dest: "stored-*");
        ring.Ingest([Bytes(key, Start + 5, 10)], Start + 6);
        await PassAsync(ring, Start + 6, Start + (2 * Minute), store);
        ring.Ingest([Bytes(key, Start + 3, 5, node: "node-2")], Start + (2 * Minute) + 5);
        var now = Start + (5 * Minute);
        await PassAsync(ring, Start + (2 * Minute) + 5, now, store);

        var stored = await store.LoadAsync("app");
        var rollup = Assert.Single(stored.Rollups, r => r.Start == Start);
        Assert.NotNull(rollup.Closed);
        Assert.Single(rollup.Deltas);

        var restored = ShortLived();
        restored.Restore(stored, now);
        Assert.Equal(15, Sum(restored, key, now));
        Assert.Empty(restored.Views(Start, Start + Minute)); // the fine window itself is past the retention
    }

    [Fact]
    public async Task A_roll_up_made_empty_whose_first_rows_come_late_is_stored_whole_and_read_back()
    {
        var store = new MemoryWindowStore();
        var ring = ShortLived();
        var key = Key(dest: "first-late-*");
        ring.Ingest([Bytes(Key(dest: "before-*"), Start - Minute + 5, 10)], Start - Minute + 6);
        await PassAsync(ring, Start - Minute + 6, Start + Minute + 5, store);
        ring.Ingest([Bytes(Key(dest: "after-*"), Start + Minute + 5, 10)], Start + Minute + 6);
        await PassAsync(ring, Start + Minute + 6, Start + (2 * Minute) + 4, store); // the first minute had no data: its roll-up is made empty
        ring.Ingest([Bytes(key, Start + 50, 5, node: "node-2")], Start + (2 * Minute) + 5);
        var now = Start + (4 * Minute);
        await PassAsync(ring, Start + (2 * Minute) + 5, now, store);
        Assert.Equal(5, Sum(ring, key, now));

        var stored = await store.LoadAsync("app");
        Assert.NotNull(Assert.Single(stored.Rollups, r => r.Start == Start).Closed);
        var restored = ShortLived();
        restored.Restore(stored, now);
        Assert.Equal(5, Sum(restored, key, now));
    }

    [Fact]
    public async Task Windows_that_closed_while_no_activation_held_the_owner_are_rolled_up_when_it_comes_back()
    {
        var store = new MemoryWindowStore();
        var ring = ShortLived();
        var key = Key(dest: "away-*");
        ring.Ingest([Bytes(key, Start + 5, 10), Bytes(key, Start + Minute + 5, 20)], Start + Minute + 6);
        await PassAsync(ring, Start + Minute + 6, Start + Minute + 10, store); // written while still filling; then the owner went away

        var restored = ShortLived();
        var back = Start + (30 * Minute);
        restored.Restore(await store.LoadAsync("app"), back);
        restored.CloseDue("app", back);

        Assert.Equal(30, Sum(restored, key, back));
    }

    private static (FlowRing ShortLived, FlowRing KeptFine, long Now) Feed(int seed)
    {
        var random = new Random(seed);
        var shortLived = ShortLived();
        var keptFine = new FlowRing(new WindowGrid(new AggregationOptions { Retention = TimeSpan.FromMinutes(15) },
            new HistoryOptions { RollupWindow = TimeSpan.FromMinutes(1), Retention = TimeSpan.FromHours(1) }));
        var keys = Enumerable.Range(0, 12).Select(i => Key(dest: $"db-{i}-*", port: i % 3)).ToArray();
        var now = Start;
        for (var second = 0; second < 10 * Minute; second += 5)
        {
            now = Start + second + 1;
            var reports = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Report(keys[random.Next(keys.Length)], Start + second,
                $"node-{random.Next(3)}", Counters(random.Next(50), random.Next(50), random.Next(5000), random.Next(5000), 1, 1, random.Next(3)),
                Labels([.. new[] { "app=a", "v=1", "v=2" }.Where(_ => random.Next(3) > 0)]))).ToList();
            if (second > 2 * Minute && random.Next(4) == 0)
            {
                // Late, from a node that had not sent it: into a window up to 100 s back, closed and maybe rolled up.
                reports.Add(Report(keys[random.Next(keys.Length)], Start + second - random.Next(40, 100), "late-node", Counters(bytesIn: random.Next(1000))));
            }

            foreach (var ring in new[] { shortLived, keptFine })
            {
                ring.Ingest(reports, now);
                ring.CloseDue("app", now);
                ring.Expire(now);
            }
        }

        return (shortLived, keptFine, now);
    }

    private static FlowRing ShortLived() => new(new WindowGrid(new AggregationOptions { Retention = TimeSpan.FromMinutes(2) },
        new HistoryOptions { RollupWindow = TimeSpan.FromMinutes(1), Retention = TimeSpan.FromHours(1) }));

    /// <summary>Time passing second by second from <paramref name="from"/> to <paramref name="to"/>, as the grain's ticks pass it.</summary>
    private static void Pass(FlowRing ring, long from, long to)
    {
        for (var now = from; now <= to; now++)
        {
            ring.CloseDue("app", now);
            ring.Expire(now);
        }
    }

    /// <summary>As <see cref="Pass"/>, with a checkpoint every 2 s.</summary>
    private static async Task PassAsync(FlowRing ring, long from, long to, MemoryWindowStore store)
    {
        for (var now = from; now <= to; now++)
        {
            ring.CloseDue("app", now);
            ring.Expire(now);
            if (now % 2 == 0) await store.WriteAsync("app", ring.TakeCheckpoint($"c{now}", now));
        }
    }

    private static long Sum(FlowRing ring, FlowKey key, long now) =>
        KeyListing.List(ring.KeysIn(Start, now + 1, now), new FlowListQuery(new TimeRange(Start, now + 1), FlowFilter.All, [], 0))
            .Flows.Where(f => f.Key.Equals(key)).Sum(f => f.Counters.BytesIn);

    private static Dictionary<FlowKey, AggregatedFlow> Rows(FlowPage page) => page.Flows.ToDictionary(f => f.Key);
}
