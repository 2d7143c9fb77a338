using FlowGrain.Abstractions.Flows;
using FlowGrain.Grains.Aggregation;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Aggregation;

/// <summary>Reports that arrive after their window closed (close delay 20 s on 15 s windows).</summary>
public sealed class FlowRingLateReportTests
{
    private const long ClosedAt = T0 + 15 + 20;

    private readonly FlowRing _ring = Ring();
    private readonly FlowKey _key = Key();

    public FlowRingLateReportTests()
    {
        _ring.Ingest([Bytes(_key, T0, 100, "node-1")], T0 + 5);
        Assert.Single(_ring.CloseDue("app", ClosedAt));
    }

    [Fact]
    public void A_report_for_a_closed_window_is_late_and_added_to_that_window()
    {
        var receipt = _ring.Ingest([Bytes(_key, T0 + 3, 50, "node-2")], ClosedAt + 1);

        Assert.Equal(new IngestReceipt(0, 0, 0, 1), receipt);
        var window = Assert.Single(_ring.Views(T0, T0 + 15));
        Assert.True(window.Closed);
        Assert.Equal(150, BytesIn(window, _key));
    }

    [Fact]
    public void A_late_report_of_a_new_key_adds_a_row_to_the_closed_window()
    {
        var other = Key(dest: "late-*");

        _ring.Ingest([Bytes(other, T0, 7, "node-2")], ClosedAt + 1);

        var window = Assert.Single(_ring.Views(T0, T0 + 15, closedOnly: true));
        Assert.Equal(100, BytesIn(window, _key));
        Assert.Equal(7, BytesIn(window, other));
    }

    [Fact]
    public void Many_small_late_batches_give_the_rows_of_one_batch_and_every_view_between_them_sees_all_so_far()
    {
        // Late reports gather before they are packed into the window's columns; no read may miss them.
        var keys = Enumerable.Range(0, 600).Select(i => Key(port: 1000 + i)).ToList();
        var single = Ring();
        single.Ingest([Bytes(_key, T0, 100, "node-1")], T0 + 5);
        single.CloseDue("app", ClosedAt);
        single.Ingest([.. keys.Select((k, i) => Bytes(k, T0, i + 1, "node-2")), .. keys.Select(k => Bytes(k, T0, 1000, "node-3"))], ClosedAt + 1);

        var before = Assert.Single(_ring.Views(T0, T0 + 15));
        long sent = 100;
        for (var node = 2; node <= 3; node++)
        {
            for (var i = 0; i < keys.Count; i += 12)
            {
                var batch = keys.Skip(i).Take(12).Select((k, j) => Bytes(k, T0, node == 2 ? i + j + 1 : 1000, $"node-{node}")).ToList();
                Assert.Equal(batch.Count, _ring.Ingest(batch, ClosedAt + 1).Late);
                sent += batch.Sum(r => r.Counters.BytesIn);
                if (i % 120 != 0) continue;
                var now = Assert.Single(_ring.Views(T0, T0 + 15));
                Assert.Equal((node == 2 ? i + 12 : keys.Count) + 1, now.Flows.Count);
                Assert.Equal(sent, now.Flows.Sum(f => f.Counters.BytesIn));
            }
        }

        var window = Assert.Single(_ring.Views(T0, T0 + 15));
        var expected = Assert.Single(single.Views(T0, T0 + 15));
        Assert.Equal(expected.Flows.OrderBy(f => f.Key.Id).Select(f => (f.Key, f.Counters)), window.Flows.OrderBy(f => f.Key.Id).Select(f => (f.Key, f.Counters)));
        Assert.Equal(keys.Count + 1, _ring.CountUniqueKeys());
        Assert.Equal(100, BytesIn(before, _key));
        Assert.Single(before.Flows);
    }

    [Fact]
    public void A_late_report_for_a_closed_window_that_had_no_data_creates_it()
    {
        var receipt = _ring.Ingest([Bytes(_key, T0 - 30, 9)], ClosedAt + 1);

        Assert.Equal(1, receipt.Late);
        var window = Assert.Single(_ring.Views(T0 - 30, T0 - 15));
        Assert.Equal(T0 - 15, window.End);
        Assert.Equal(9, BytesIn(window, _key));
    }

    [Fact]
    public void A_replay_into_a_closed_window_is_a_duplicate()
    {
        var receipt = _ring.Ingest([Bytes(_key, T0, 100, "node-1")], ClosedAt + 1);

        Assert.Equal(new IngestReceipt(0, 1, 0, 0), receipt);
        Assert.Equal(100, BytesIn(Assert.Single(_ring.Views(T0, T0 + 15)), _key));
    }

    [Fact]
    public void A_late_report_replayed_again_is_counted_once()
    {
        var first = _ring.Ingest([Bytes(_key, T0, 50, "node-2"), Bytes(_key, T0, 50, "node-2")], ClosedAt + 1);
        var again = _ring.Ingest([Bytes(_key, T0, 50, "node-2")], ClosedAt + 2);

        Assert.Equal(new IngestReceipt(0, 1, 0, 1), first);
        Assert.Equal(new IngestReceipt(0, 1, 0, 0), again);
        Assert.Equal(150, BytesIn(Assert.Single(_ring.Views(T0, T0 + 15)), _key));
    }

    [Fact]
    public void A_late_report_intersects_the_closed_rows_labels()
    {
        var ring = Ring();
        ring.Ingest([Report(_key, T0, "node-1", sourceLabels: Labels("a=1", "b=2"))], T0 + 5);
        ring.CloseDue("app", ClosedAt);

        ring.Ingest([Report(_key, T0, "node-2", sourceLabels: Labels("a=1"))], ClosedAt + 1);

        Assert.Equal(Labels("a=1"), Assert.Single(Assert.Single(ring.Views(T0, T0 + 15)).Flows).SourceLabels);
    }

    [Fact]
    public void A_report_for_a_window_still_open_is_accepted_not_late()
    {
        var receipt = _ring.Ingest([Bytes(_key, T0 + 15, 1)], ClosedAt + 1);

        Assert.Equal(new IngestReceipt(1, 0, 0, 0), receipt);
        Assert.False(Assert.Single(_ring.Views(T0 + 15, T0 + 30)).Closed);
    }
}
