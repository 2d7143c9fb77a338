using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Grains.Queries;

/// <summary>
/// Per-policy or per-rule traffic per window. Enforced and pending hits both count; EndOfTier hits count for the
/// policy that selected the flow (their trigger). A flow counts once per policy, and once per distinct rule.
/// </summary>
internal static class PolicyStatisticsCalculator
{
    public static ImmutableArray<PolicyStatistics> Of(IReadOnlyList<WindowView> windows, StatisticsQuery query)
    {
        var series = new Dictionary<StatisticsKey, SortedDictionary<long, StatisticsPoint>>();
        var keysOfFlow = new HashSet<StatisticsKey>();
        foreach (var window in windows)
        {
            foreach (var flow in window.Flows)
            {
                if (query.Scope is { } scope && !scope.Allows(flow.Key)) continue;
                keysOfFlow.Clear();
                foreach (var hit in flow.Key.Policies.All)
                {
                    if (hit.Action == FlowAction.Unspecified || !query.Match.Matches(hit)) continue;
                    var key = KeyOf(hit, flow.Key.Reporter, query.GroupBy);
                    if (!keysOfFlow.Add(key)) continue;

                    if (!series.TryGetValue(key, out var points))
                    {
                        series[key] = points = [];
                    }

                    points.TryGetValue(window.Start, out var point);
                    points[window.Start] = point + PointOf(flow, hit.Action, query.Kind);
                }
            }
        }

        return [.. series
            .OrderBy(entry => entry.Key, StatisticsKey.ResultOrder)
            .Select(entry => new PolicyStatistics(entry.Key, [.. entry.Value.Keys], [.. entry.Value.Values]))];
    }

    private static StatisticsKey KeyOf(PolicyHit hit, Reporter reporter, StatisticsGrouping groupBy)
    {
        var policy = hit.Attributed;
        return groupBy == StatisticsGrouping.PolicyRule
            ? new StatisticsKey(policy.Kind, policy.Tier, policy.Namespace, policy.Name, hit.Action, hit.RuleIndex, DirectionOf(reporter))
            : new StatisticsKey(policy.Kind, policy.Tier, policy.Namespace, policy.Name, FlowAction.Unspecified, 0, RuleDirection.Any);
    }

    private static RuleDirection DirectionOf(Reporter reporter) =>
        reporter == Reporter.Src ? RuleDirection.Egress : RuleDirection.Ingress;

    private static StatisticsPoint PointOf(AggregatedFlow flow, FlowAction action, StatisticKind kind)
    {
        var c = flow.Counters;
        var (valueIn, valueOut) = kind switch
        {
            StatisticKind.PacketCount => (c.PacketsIn, c.PacketsOut),
            StatisticKind.ByteCount => (c.BytesIn, c.BytesOut),
            _ => flow.Key.Reporter == Reporter.Dst ? (c.ConnectionsLive, 0L) : (0L, c.ConnectionsLive),
        };

        return action switch
        {
            FlowAction.Allow => new StatisticsPoint(valueIn, valueOut, 0, 0, 0, 0),
            FlowAction.Deny => new StatisticsPoint(0, 0, valueIn, valueOut, 0, 0),
            _ => new StatisticsPoint(0, 0, 0, 0, valueIn, valueOut),
        };
    }
}
