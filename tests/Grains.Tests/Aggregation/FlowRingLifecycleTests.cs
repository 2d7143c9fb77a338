using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Grains.Aggregation;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Aggregation;

/// <summary>Closing, provisional rows, expiry and snapshots (15 s windows, 20 s close delay, 1 h retention, 10 min dedup horizon).</summary>
public sealed class FlowRingLifecycleTests
{
    private readonly FlowRing _ring = Ring();
    private readonly FlowKey _web = Key(dest: "web-*");
    private readonly FlowKey _db = Key(dest: "db-*");

    [Fact]
    public void No_window_closes_before_its_end_plus_the_close_delay()
    {
        _ring.Ingest([Bytes(_web, T0, 1)], T0 + 5);

        Assert.Empty(_ring.CloseDue("app", T0 + 34));
        Assert.False(Assert.Single(_ring.Views(T0, T0 + 15)).Closed);
    }

    [Fact]
    public void Due_windows_close_oldest_first_with_every_key_and_its_final_numbers()
    {
        _ring.Ingest([Bytes(_web, T0 - 15, 1), Bytes(_web, T0, 2), Bytes(_db, T0, 3), Bytes(_web, T0, 4, "node-2")], T0 + 5);
        _ring.Ingest([Bytes(_web, T0 + 15, 5)], T0 + 20);

        var closed = _ring.CloseDue("app", T0 + 35);

        Assert.Equal([T0 - 15, T0], closed.Select(w => w.WindowStart));
        Assert.All(closed, w => Assert.Equal(FeedWindowState.Closed, w.State));
        Assert.All(closed, w => Assert.Equal("app", w.Owner));
        var last = closed[1].Flows.ToDictionary(f => f.Key, f => f.Counters.BytesIn);
        Assert.Equal(new Dictionary<FlowKey, long> { [_web] = 6, [_db] = 3 }, last);
        Assert.All(closed[1].Flows, f => Assert.Equal((T0, T0 + 15), (f.Start, f.End)));
    }

    [Fact]
    public void A_window_is_returned_by_CloseDue_only_once()
    {
        _ring.Ingest([Bytes(_web, T0, 1)], T0 + 5);

        Assert.Single(_ring.CloseDue("app", T0 + 35));
        Assert.Empty(_ring.CloseDue("app", T0 + 35));
        Assert.Empty(_ring.CloseDue("app", T0 + 49));
    }

    [Fact]
    public void ClosedThrough_advances_to_the_newest_closed_window_even_without_data()
    {
        Assert.Equal(long.MinValue, _ring.ClosedThrough);

        _ring.CloseDue("app", T0 + 35);
        Assert.Equal(T0, _ring.ClosedThrough);

        _ring.CloseDue("app", T0 + 95);
        Assert.Equal(T0 + 60, _ring.ClosedThrough);
    }

    [Fact]
    public void Windows_that_are_not_yet_due_stay_open_when_others_close()
    {
        _ring.Ingest([Bytes(_web, T0, 1), Bytes(_web, T0 + 15, 2)], T0 + 20);

        _ring.CloseDue("app", T0 + 35);

        var views = _ring.Views(long.MinValue, long.MaxValue);
        Assert.Equal([(T0, true), (T0 + 15, false)], views.Select(v => (v.Start, v.Closed)));
        Assert.Single(_ring.Views(long.MinValue, long.MaxValue, closedOnly: true));
    }

    [Fact]
    public void TakeProvisional_returns_the_changed_keys_with_their_numbers_so_far()
    {
        _ring.Ingest([Bytes(_web, T0, 1), Bytes(_db, T0, 2), Bytes(_web, T0 + 15, 3)], T0 + 5);

        var rows = _ring.TakeProvisional("app");

        Assert.Equal([T0, T0 + 15], rows.Select(w => w.WindowStart));
        Assert.All(rows, w => Assert.Equal(FeedWindowState.Provisional, w.State));
        Assert.Equal(2, rows[0].Flows.Length);
        Assert.Equal(3, Assert.Single(rows[1].Flows).Counters.BytesIn);
    }

    [Fact]
    public void TakeProvisional_returns_only_keys_changed_since_the_last_call()
    {
        _ring.Ingest([Bytes(_web, T0, 1), Bytes(_db, T0, 2)], T0 + 5);
        _ring.TakeProvisional("app");

        Assert.Empty(_ring.TakeProvisional("app"));

        _ring.Ingest([Bytes(_web, T0 + 5, 10)], T0 + 6);
        var window = Assert.Single(_ring.TakeProvisional("app"));
        var row = Assert.Single(window.Flows);
        Assert.Equal(_web, row.Key);
        Assert.Equal(11, row.Counters.BytesIn);
    }

    [Fact]
    public void A_replay_does_not_make_a_key_changed()
    {
        _ring.Ingest([Bytes(_web, T0, 1)], T0 + 5);
        _ring.TakeProvisional("app");

        _ring.Ingest([Bytes(_web, T0, 1)], T0 + 6);

        Assert.Empty(_ring.TakeProvisional("app"));
    }

    [Fact]
    public void Expire_drops_windows_older_than_the_retention()
    {
        _ring.Ingest([Bytes(_web, T0 - 3600, 1), Bytes(_web, T0 - 3585, 2), Bytes(_web, T0, 3)], T0 + 5);
        _ring.CloseDue("app", T0 + 35);

        _ring.Expire(T0 + 15);

        Assert.Equal([T0 - 3585, T0], _ring.Views(long.MinValue, long.MaxValue).Select(v => v.Start));
        Assert.Equal(2, _ring.WindowCount);
    }

    [Fact]
    public void Expiring_everything_leaves_the_ring_empty()
    {
        _ring.Ingest([Bytes(_web, T0, 1)], T0 + 5);
        _ring.CloseDue("app", T0 + 35);

        _ring.Expire(T0 + 3615);

        Assert.True(_ring.IsEmpty);
    }

    [Fact]
    public void Views_select_windows_by_start_from_inclusive_until_exclusive()
    {
        _ring.Ingest([Bytes(_web, T0 - 15, 1), Bytes(_web, T0, 2), Bytes(_web, T0 + 15, 3)], T0 + 5);

        Assert.Equal([T0 - 15, T0], _ring.Views(T0 - 15, T0 + 15).Select(v => v.Start));
        Assert.Equal([T0], _ring.Views(T0, T0 + 1).Select(v => v.Start));
    }

    [Fact]
    public void A_view_is_a_snapshot_that_later_reports_do_not_change()
    {
        _ring.Ingest([Bytes(_web, T0, 1)], T0 + 5);
        var before = Assert.Single(_ring.Views(T0, T0 + 15));

        _ring.Ingest([Bytes(_web, T0 + 1, 10)], T0 + 6);

        Assert.Equal(1, BytesIn(before, _web));
        Assert.Equal(11, BytesIn(Assert.Single(_ring.Views(T0, T0 + 15)), _web));
    }

    [Fact]
    public void Unique_keys_are_counted_across_open_and_closed_windows()
    {
        _ring.Ingest([Bytes(_web, T0, 1), Bytes(_db, T0, 1), Bytes(_web, T0 + 15, 1)], T0 + 20);
        _ring.CloseDue("app", T0 + 35);

        Assert.Equal(2, _ring.CountUniqueKeys());
    }
}
