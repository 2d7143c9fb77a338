using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

public sealed class PolicyStatisticsCalculatorTests
{
    private static readonly PolicyHit AllowDb = Hit("allow-db", ns: "shop", tier: "app", kind: PolicyKind.NetworkPolicy, ruleIndex: 2);
    private static readonly FlowCounters Traffic = Counters(packetsIn: 1, packetsOut: 2, bytesIn: 300, bytesOut: 400, live: 5);

    [Theory]
    [InlineData(StatisticKind.PacketCount, FlowAction.Allow, 1, 2, 0, 0, 0, 0)]
    [InlineData(StatisticKind.PacketCount, FlowAction.Deny, 0, 0, 1, 2, 0, 0)]
    [InlineData(StatisticKind.PacketCount, FlowAction.Pass, 0, 0, 0, 0, 1, 2)]
    [InlineData(StatisticKind.ByteCount, FlowAction.Allow, 300, 400, 0, 0, 0, 0)]
    [InlineData(StatisticKind.ByteCount, FlowAction.Deny, 0, 0, 300, 400, 0, 0)]
    [InlineData(StatisticKind.ByteCount, FlowAction.Pass, 0, 0, 0, 0, 300, 400)]
    public void Packets_and_bytes_go_in_and_out_by_the_hits_action(
        StatisticKind kind, FlowAction action, long ai, long ao, long di, long @do, long pi, long po)
    {
        var flow = Key(policies: Enforced(AllowDb with { Action = action }));

        var stats = Assert.Single(Of([Window(T0, Traffic, flow)], kind));

        Assert.Equal(new StatisticsPoint(ai, ao, di, @do, pi, po), Assert.Single(stats.Points));
    }

    [Theory]
    [InlineData(Reporter.Dst, 5, 0)]
    [InlineData(Reporter.Src, 0, 5)]
    public void Live_connections_count_in_for_destinations_and_out_for_sources(Reporter reporter, long liveIn, long liveOut)
    {
        var flow = Key(reporter: reporter, policies: Enforced(AllowDb));

        var stats = Assert.Single(Of([Window(T0, Traffic, flow)], StatisticKind.LiveConnectionCount));

        Assert.Equal(new StatisticsPoint(liveIn, liveOut, 0, 0, 0, 0), Assert.Single(stats.Points));
    }

    [Fact]
    public void Per_policy_results_name_the_policy_and_leave_rule_fields_unset()
    {
        var flows = new[] { Key(reporter: Reporter.Src, policies: Enforced(AllowDb)), Key(reporter: Reporter.Dst, policies: Enforced(AllowDb)) };

        var stats = Assert.Single(Of([Window(T0, Traffic, flows)]));

        Assert.Equal(new StatisticsKey(PolicyKind.NetworkPolicy, "app", "shop", "allow-db", FlowAction.Unspecified, 0, RuleDirection.Any), stats.Key);
        Assert.Equal(new StatisticsPoint(2, 4, 0, 0, 0, 0), Assert.Single(stats.Points));
    }

    [Fact]
    public void Per_rule_results_split_by_action_rule_and_direction_with_sources_egress_and_destinations_ingress()
    {
        var flows = new[]
        {
            Key(reporter: Reporter.Src, policies: Enforced(AllowDb)),
            Key(reporter: Reporter.Dst, policies: Enforced(AllowDb)),
            Key(reporter: Reporter.Dst, port: 1, policies: Enforced(AllowDb with { RuleIndex = 3, Action = FlowAction.Deny })),
        };

        var stats = Of([Window(T0, Traffic, flows)], group: StatisticsGrouping.PolicyRule);

        Assert.Equal(
            [
                (FlowAction.Allow, 2L, RuleDirection.Ingress),
                (FlowAction.Allow, 2L, RuleDirection.Egress),
                (FlowAction.Deny, 3L, RuleDirection.Ingress),
            ],
            stats.Select(s => (s.Key.Action, s.Key.RuleIndex, s.Key.Direction)));
        Assert.All(stats, s => Assert.Equal(("allow-db", "shop", "app"), (s.Key.Name, s.Key.Namespace, s.Key.Tier)));
    }

    [Fact]
    public void Pending_hits_count_too()
    {
        var staged = Hit("lockdown", ns: "shop", kind: PolicyKind.StagedNetworkPolicy, action: FlowAction.Deny);
        var flow = Key(policies: PolicyTrace.Canonical([AllowDb], [staged]));

        var stats = Of([Window(T0, Traffic, flow)]);

        Assert.Equal(["allow-db", "lockdown"], stats.Select(s => s.Key.Name).Order(StringComparer.Ordinal));
        Assert.Equal(new StatisticsPoint(0, 0, 1, 2, 0, 0), Assert.Single(stats.Single(s => s.Key.Name == "lockdown").Points));
    }

    [Fact]
    public void EndOfTier_hits_count_for_the_policy_that_selected_the_flow()
    {
        var trigger = Hit("default-deny", ns: "bank", tier: "security", kind: PolicyKind.NetworkPolicy);
        var flow = Key(action: FlowAction.Deny, policies: Enforced(EndOfTier(trigger, FlowAction.Deny)));

        var byPolicy = Assert.Single(Of([Window(T0, Traffic, flow)]));
        var byRule = Assert.Single(Of([Window(T0, Traffic, flow)], group: StatisticsGrouping.PolicyRule));

        Assert.Equal((PolicyKind.NetworkPolicy, "security", "bank", "default-deny"), (byPolicy.Key.Kind, byPolicy.Key.Tier, byPolicy.Key.Namespace, byPolicy.Key.Name));
        Assert.Equal(new StatisticsPoint(0, 0, 1, 2, 0, 0), Assert.Single(byPolicy.Points));
        Assert.Equal(new StatisticsKey(PolicyKind.NetworkPolicy, "security", "bank", "default-deny", FlowAction.Deny, -1, RuleDirection.Egress), byRule.Key);
    }

    [Fact]
    public void There_is_one_point_per_window_with_data_oldest_first()
    {
        var flow = Key(policies: Enforced(AllowDb));
        var other = Key(port: 1, policies: Enforced(Hit("other")));
        var windows = new[]
        {
            Window(T0, Counters(packetsIn: 1), flow), Window(T0 + 15, Counters(packetsIn: 2), other), Window(T0 + 30, Counters(packetsIn: 4), flow),
        };

        var stats = Of(windows).Single(s => s.Key.Name == "allow-db");

        Assert.Equal<long>([T0, T0 + 30], stats.WindowStarts);
        Assert.Equal([1L, 4L], stats.Points.Select(p => p.AllowedIn));
    }

    [Fact]
    public void Flows_of_one_policy_in_one_window_are_summed()
    {
        var flows = Enumerable.Range(0, 3).Select(i => Key(port: i, policies: Enforced(AllowDb))).ToArray();

        var stats = Assert.Single(Of([Window(T0, Traffic, flows)]));

        Assert.Equal(new StatisticsPoint(3, 6, 0, 0, 0, 0), Assert.Single(stats.Points));
    }

    [Fact]
    public void Results_are_ordered_by_kind_tier_namespace_and_name()
    {
        var hits = new[]
        {
            Hit("b", ns: "x", tier: "t", kind: PolicyKind.NetworkPolicy), Hit("a", ns: "x", tier: "t", kind: PolicyKind.NetworkPolicy),
            Hit("z", ns: "a", tier: "t", kind: PolicyKind.NetworkPolicy), Hit("z", ns: "z", tier: "a", kind: PolicyKind.NetworkPolicy),
            Hit("z", ns: "", tier: "z", kind: PolicyKind.GlobalNetworkPolicy),
        };
        var flows = hits.Select((hit, i) => Key(port: i, policies: Enforced(hit))).ToArray();

        var stats = Of([Window(T0, Traffic, flows)]);

        Assert.Equal(["/z", "z/z", "a/z", "x/a", "x/b"], stats.Select(s => $"{s.Key.Namespace}/{s.Key.Name}"));
        Assert.Equal(stats.Select(s => s.Key).Order(StatisticsKey.ResultOrder), stats.Select(s => s.Key));
    }

    [Fact]
    public void The_policy_match_selects_which_policies_are_counted()
    {
        var flow = Key(policies: Enforced(AllowDb, Hit("other", policyIndex: 1)));

        var stats = Of([Window(T0, Traffic, flow)], match: Policy(name: "allow-db"));

        Assert.Equal("allow-db", Assert.Single(stats).Key.Name);
    }

    [Fact]
    public void No_matching_hits_give_no_results()
    {
        Assert.Empty(Of([Window(T0, Traffic, Key())]));
        Assert.Empty(Of([Window(T0, Traffic, Key(policies: Enforced(AllowDb)))], match: Policy(name: "nope")));
    }

    internal static ImmutableArray<PolicyStatistics> Of(
        IReadOnlyList<WindowView> windows,
        StatisticKind kind = StatisticKind.PacketCount,
        StatisticsGrouping group = StatisticsGrouping.Policy,
        PolicyMatch? match = null) =>
        PolicyStatisticsCalculator.Of(windows, new StatisticsQuery(new TimeRange(T0 - 3600, T0 + 3600), kind, group, match ?? PolicyMatch.Any, TimeSeries: true));
}
