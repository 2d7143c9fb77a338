using System.ComponentModel.DataAnnotations;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Aggregation;

/// <summary>
/// Felix keeps every flow it sent for 5 minutes and replays them all on each reconnect; dedup claims must outlive that.
/// The grain calls Expire on every tick (once a second), so these tests expire just before each replay.
/// </summary>
public sealed class FlowRingDedupHorizonTests
{
    private readonly FlowKey _key = Key();

    [Fact]
    public void A_replay_five_minutes_after_delivery_is_a_duplicate_with_the_default_horizon()
    {
        var ring = Ring();
        ring.Ingest([Bytes(_key, T0, 1)], T0 + 15);
        ring.CloseDue("app", T0 + 35);

        var replay = ExpireThenIngest(ring, Bytes(_key, T0, 1), T0 + 15 + 300);

        Assert.Equal(new IngestReceipt(0, 1, 0, 0), replay);
        Assert.Equal(1, BytesIn(Assert.Single(ring.Views(T0, T0 + 15)), _key));
    }

    [Fact]
    public void Claims_are_forgotten_a_dedup_horizon_after_their_window_closed_so_every_report_then_counts()
    {
        var ring = Ring(); // 10 min horizon; the window [T0, T0+15) closes at T0+35
        ring.Ingest([Bytes(_key, T0, 1)], T0 + 15);
        ring.CloseDue("app", T0 + 35);

        Assert.Equal(new IngestReceipt(0, 1, 0, 0), ExpireThenIngest(ring, Bytes(_key, T0, 1), T0 + 35 + 599));
        Assert.Equal(new IngestReceipt(0, 0, 0, 1), ExpireThenIngest(ring, Bytes(_key, T0, 1), T0 + 35 + 600));
    }

    // Felix reports an interval at its end and its intervals need not align with our windows, so a report that
    // started late in a window is delivered up to one window later; its claim must outlive the replay 5 minutes on.
    [Fact]
    public void With_the_smallest_accepted_horizon_a_replay_within_five_minutes_of_delivery_is_still_a_duplicate()
    {
        var options = new AggregationOptions { DedupHorizon = TimeSpan.FromMinutes(5) };
        Assert.Empty(options.Validate(new ValidationContext(options)));
        var ring = Ring(options);
        var report = Bytes(_key, T0 + 14, 1); // Felix's interval [T0+14, T0+29), sent at its end
        var delivered = T0 + 29;
        ring.Ingest([report], delivered);
        ring.CloseDue("app", T0 + 35);

        var replay = ExpireThenIngest(ring, report, delivered + 299);

        Assert.True(
            replay.Duplicates == 1,
            $"a replay 299 s after delivery was counted again (receipt {replay}); claims for window {T0} were dropped at {T0 + 15 + 300}, before the node's 5 minutes ran out at {delivered + 300}");
        Assert.Equal(1, BytesIn(Assert.Single(ring.Views(T0, T0 + 15)), _key));
    }

    private static IngestReceipt ExpireThenIngest(FlowRing ring, FlowReport report, long now)
    {
        ring.Expire(now);
        return ring.Ingest([report], now);
    }
}
