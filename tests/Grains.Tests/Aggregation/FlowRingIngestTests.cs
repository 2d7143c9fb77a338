using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Grains.Aggregation;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Aggregation;

public sealed class FlowRingIngestTests
{
    private const long Now = T0 + 5;

    private readonly FlowRing _ring = Ring();

    [Fact]
    public void Reports_of_one_key_in_one_window_have_every_counter_summed()
    {
        var key = Key();

        var receipt = _ring.Ingest(
            [
                Report(key, T0, "node-1", Counters(1, 2, 3, 4, 5, 6, 7)),
                Report(key, T0 + 5, "node-2", Counters(10, 20, 30, 40, 50, 60, 70)),
            ],
            Now);

        Assert.Equal(2, receipt.Accepted);
        var flow = Assert.Single(Assert.Single(AllViews()).Flows);
        Assert.Equal(Counters(11, 22, 33, 44, 55, 66, 77), flow.Counters);
    }

    [Fact]
    public void Labels_of_one_key_in_one_window_are_intersected()
    {
        var key = Key();

        _ring.Ingest(
            [
                Report(key, T0, "node-1", sourceLabels: Labels("app=a", "pod=1"), destLabels: Labels("app=b", "v=1")),
                Report(key, T0, "node-2", sourceLabels: Labels("app=a", "pod=2"), destLabels: Labels("app=b", "v=1")),
                Report(key, T0, "node-3", sourceLabels: Labels("app=a", "pod=3"), destLabels: Labels("app=b", "v=1", "z=9")),
            ],
            Now);

        var flow = Assert.Single(Assert.Single(AllViews()).Flows);
        Assert.Equal(Labels("app=a"), flow.SourceLabels);
        Assert.Equal(Labels("app=b", "v=1"), flow.DestLabels);
    }

    [Fact]
    public void Each_report_goes_into_the_aligned_window_that_contains_its_start_time()
    {
        var key = Key();

        _ring.Ingest([Bytes(key, T0 - 15, 1), Bytes(key, T0 - 1, 2), Bytes(key, T0, 4), Bytes(key, T0 + 14, 8), Bytes(key, T0 + 15, 16)], Now);

        var views = AllViews();
        Assert.Equal([T0 - 15, T0, T0 + 15], views.Select(v => v.Start));
        Assert.Equal([T0, T0 + 15, T0 + 30], views.Select(v => v.End));
        Assert.Equal([3L, 12L, 16L], views.Select(v => BytesIn(v, key)));
        Assert.All(views.SelectMany(v => v.Flows), flow => Assert.Equal(flow.Start + 15, flow.End));
    }

    [Fact]
    public void Different_keys_in_one_window_stay_apart()
    {
        var web = Key(dest: "web-*");
        var db = Key(dest: "db-*");

        _ring.Ingest([Bytes(web, T0, 1), Bytes(db, T0, 2)], Now);

        var window = Assert.Single(AllViews());
        Assert.Equal(1, BytesIn(window, web));
        Assert.Equal(2, BytesIn(window, db));
    }

    [Fact]
    public void A_replay_by_the_same_node_of_the_same_key_and_start_time_is_a_duplicate()
    {
        var key = Key();
        var first = _ring.Ingest([Bytes(key, T0, 100)], Now);

        var replay = _ring.Ingest([Bytes(key, T0, 100), Bytes(key, T0, 100)], Now + 1);

        Assert.Equal(new IngestReceipt(1, 0, 0, 0), first);
        Assert.Equal(new IngestReceipt(0, 2, 0, 0), replay);
        Assert.Equal(100, BytesIn(Assert.Single(AllViews()), key));
    }

    [Fact]
    public void A_replay_is_recognised_by_its_canonical_key_whatever_order_the_hits_came_in()
    {
        var a = Hit("a", policyIndex: 0);
        var b = Hit("b", policyIndex: 1);
        _ring.Ingest([Bytes(Key(policies: PolicyTrace.Canonical([a, b], [])), T0, 100)], Now);

        var replay = _ring.Ingest([Bytes(Key(policies: PolicyTrace.Canonical([b, a], [])), T0, 100)], Now);

        Assert.Equal(1, replay.Duplicates);
        Assert.Equal(100, Assert.Single(Assert.Single(AllViews()).Flows).Counters.BytesIn);
    }

    [Fact]
    public void The_same_key_reported_by_two_nodes_is_summed()
    {
        var key = Key();

        var receipt = _ring.Ingest([Bytes(key, T0, 100, "node-1"), Bytes(key, T0, 50, "node-2")], Now);

        Assert.Equal(new IngestReceipt(2, 0, 0, 0), receipt);
        Assert.Equal(150, BytesIn(Assert.Single(AllViews()), key));
    }

    [Fact]
    public void A_node_that_flushes_more_often_than_the_window_has_every_interval_counted()
    {
        var key = Key();

        var receipt = _ring.Ingest([Bytes(key, T0, 100), Bytes(key, T0 + 5, 50), Bytes(key, T0 + 10, 25)], Now);

        Assert.Equal(3, receipt.Accepted);
        Assert.Equal(175, BytesIn(Assert.Single(AllViews()), key));
    }

    [Fact]
    public void One_node_reporting_two_keys_at_one_start_time_has_both_counted()
    {
        var receipt = _ring.Ingest([Bytes(Key(port: 80), T0, 1), Bytes(Key(port: 81), T0, 1)], Now);

        Assert.Equal(2, receipt.Accepted);
    }

    [Fact]
    public void Reports_older_than_the_retention_are_out_of_range()
    {
        var oldest = T0 - 3600;

        var receipt = _ring.Ingest([Bytes(Key(), oldest - 1, 1), Bytes(Key(), oldest, 2)], Now);

        Assert.Equal(new IngestReceipt(1, 0, 1, 0), receipt);
        Assert.Equal(oldest, Assert.Single(AllViews()).Start);
    }

    [Fact]
    public void Reports_beyond_the_one_future_window_are_out_of_range()
    {
        var receipt = _ring.Ingest([Bytes(Key(), T0 + 29, 1), Bytes(Key(), T0 + 30, 2), Bytes(Key(), T0 + 3600, 4)], Now);

        Assert.Equal(new IngestReceipt(1, 0, 2, 0), receipt);
        Assert.Equal(T0 + 15, Assert.Single(AllViews()).Start);
    }

    [Fact]
    public void Out_of_range_reports_leave_no_trace()
    {
        _ring.Ingest([Bytes(Key(), T0 + 60, 1)], Now);

        Assert.True(_ring.IsEmpty);
        Assert.Empty(AllViews());
    }

    private ImmutableArray<WindowView> AllViews() => _ring.Views(long.MinValue, long.MaxValue);
}
