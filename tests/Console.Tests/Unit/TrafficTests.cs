using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Gateway.Console.Charts;
using FlowGrain.Gateway.Console.Traffic;
using static FlowGrain.Console.Tests.Unit.Flows;

namespace FlowGrain.Console.Tests.Unit;

/// <summary>What the charts draw: volume counted once per conversation, time buckets, top talkers and policy hits.</summary>
public sealed class TrafficTests
{
    [Fact]
    public void A_conversation_both_ends_reported_counts_once_and_one_end_alone_counts_too()
    {
        var rows = new[]
        {
            Flow("api", bytes: 100, reporter: Reporter.Src),
            Flow("api", bytes: 120, reporter: Reporter.Dst, action: FlowAction.Deny),
            Flow("api", bytes: 40, dest: "pub", destNs: "-", reporter: Reporter.Src),
        };

        Assert.Equal(160, ByteVolume.Of(rows));
    }

    [Fact]
    public void The_timeline_counts_flows_denied_flows_and_bytes_per_bucket()
    {
        var range = new TimeRange(1_800_000_000, 1_800_000_060);
        var rows = new[]
        {
            Flow("a", start: 1_800_000_000, bytes: 10),
            Flow("b", start: 1_800_000_015, bytes: 20, action: FlowAction.Deny),
            Flow("c", start: 1_800_000_045, bytes: 30),
            Flow("outside", start: 1_800_000_090, bytes: 1000),
        };

        var timeline = TrafficTimeline.Build(rows, range, bucket: 30);

        Assert.Equal([1_800_000_000L, 1_800_000_030L], timeline.BucketStarts);
        Assert.Equal([2d, 1d], timeline.Flows);
        Assert.Equal([1d, 0d], timeline.DeniedFlows);
        Assert.Equal([30d, 30d], timeline.Bytes);
    }

    [Fact]
    public void Longer_ranges_get_wider_buckets_in_whole_windows()
    {
        Assert.Equal(15, TrafficTimeline.BucketFor(new TimeRange(0, 900), 15));
        Assert.Equal(60, TrafficTimeline.BucketFor(new TimeRange(0, 3600), 15));
        Assert.Equal(15, TrafficTimeline.BucketFor(new TimeRange(0, 10), 15));
        // Ranges answered by 5-minute roll-ups get buckets of whole roll-ups: 6 hours in 36 points, a day in 58.
        Assert.Equal(600, TrafficTimeline.BucketFor(new TimeRange(0, 6 * 3600), 300));
        Assert.Equal(1500, TrafficTimeline.BucketFor(new TimeRange(0, 24 * 3600), 300));
    }

    [Fact]
    public void Top_talkers_are_sources_by_bytes_largest_first()
    {
        var rows = new[] { Flow("small", bytes: 10), Flow("big", bytes: 500), Flow("big", bytes: 300, dest: "cache"), Flow("silent", bytes: 0) };

        Assert.Equal([("shop/big", 800L), ("shop/small", 10L)], TopTalkers.Of(rows, 5));
    }

    [Fact]
    public void Policy_hits_add_up_directions_and_name_policies_by_tier_namespace_and_name()
    {
        var statistics = new[]
        {
            new PolicyStatistics(new StatisticsKey(PolicyKind.GlobalNetworkPolicy, "security", "", "security.baseline", FlowAction.Unspecified, 0, RuleDirection.Any),
                [], [new StatisticsPoint(5, 5, 0, 0, 1, 1)]),
            new PolicyStatistics(new StatisticsKey(PolicyKind.NetworkPolicy, "default", "db", "db.deny", FlowAction.Unspecified, 0, RuleDirection.Any),
                [], [new StatisticsPoint(0, 0, 30, 0, 0, 0)]),
        };

        var hits = PolicyHits.Top(statistics, 5);

        Assert.Equal(new PolicyHits("default/db/db.deny (NP)", 0, 30, 0), hits[0]);
        Assert.Equal(new PolicyHits("security/security.baseline (GNP)", 10, 0, 2), hits[1]);
    }

    [Fact]
    public void Denying_policies_keep_up_to_half_the_bars_next_to_busier_allow_policies()
    {
        var statistics = Enumerable.Range(0, 6)
            .Select(i => new PolicyStatistics(new StatisticsKey(PolicyKind.NetworkPolicy, "default", "shop", $"allow-{i}", FlowAction.Unspecified, 0, RuleDirection.Any),
                [], [new StatisticsPoint(1000 - i, 0, 0, 0, 0, 0)]))
            .Append(new PolicyStatistics(new StatisticsKey(PolicyKind.NetworkPolicy, "default", "shop", "deny-small", FlowAction.Unspecified, 0, RuleDirection.Any),
                [], [new StatisticsPoint(0, 0, 3, 0, 0, 0)]));

        var hits = PolicyHits.Top(statistics, 4);

        Assert.Equal(["default/shop/allow-0 (NP)", "default/shop/allow-1 (NP)", "default/shop/allow-2 (NP)", "default/shop/deny-small (NP)"], hits.Select(h => h.Policy));
    }

    [Fact]
    public void Series_totals_are_the_point_count_and_sum_of_what_a_chart_draws()
    {
        var series = new List<MudBlazor.ChartSeries<double>>
        {
            new() { Name = "Flows", Data = new[] { 2d, 0d, 5d } },
            new() { Name = "Bytes (KiB)", Data = new[] { 0.1, 0.2 } },
        };

        var totals = SeriesTotals.Of(series).ToList();

        Assert.Equal([("Flows", 3, "7"), ("Bytes (KiB)", 2, "0.3")], totals.Select(t => (t.Name, t.Points, t.TotalText)));
    }

    [Fact]
    public void Chart_labels_keep_the_part_a_reader_recognises()
    {
        Assert.Equal("checkout-api", ChartLabels.Talker("checkout/checkout-api-c92f4-*"));
        Assert.Equal("PUBLIC NETWORK", ChartLabels.Talker("Global/PUBLIC NETWORK"));
        Assert.Equal("security.baseline", ChartLabels.Policy("security/security.baseline (GNP)"));
        Assert.Equal("kns.frontend (pro…", ChartLabels.Policy("kns.frontend (profile)"));
    }
}
