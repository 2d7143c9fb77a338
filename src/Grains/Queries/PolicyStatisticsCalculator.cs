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
    /// <summary>From every row of the windows: needed when the caller's scope lets it see only some of an owner's flows.</summary>
    public static ImmutableArray<PolicyStatistics> Of(IReadOnlyList<WindowView> windows, StatisticsQuery query)
    {
        var series = new Series(query);
        foreach (var window in windows)
        {
            foreach (var flow in window.Flows)
            {
                if (query.Scope is { } scope && !scope.Allows(flow.Key)) continue;
                series.Add(window.Start, flow.Key.Policies, flow.Key.Reporter, flow.Counters);
            }
        }

        return series.Result();
    }

    /// <summary>
    /// From each window's totals per policy trace and reporter (the contribution of a flow depends on nothing else,
    /// and sums), when the caller may see every flow of the owner.
    /// </summary>
    public static ImmutableArray<PolicyStatistics> Of(IEnumerable<(long Start, IReadOnlyList<TraceTotal> Totals)> windows, StatisticsQuery query)
    {
        var series = new Series(query);
        foreach (var (start, totals) in windows)
        {
            foreach (var total in totals) series.Add(start, total.Trace, total.Reporter, total.Counters);
        }

        return series.Result();
    }

    /// <summary>
    /// The points per policy (or rule) and window. What a trace contributes (which series, with which hit action)
    /// depends only on the trace, the reporter and the query, so it is worked out once per trace.
    /// </summary>
    private sealed class Series(StatisticsQuery query)
    {
        private readonly Dictionary<StatisticsKey, int> _index = [];
        private readonly List<List<(long Start, StatisticsPoint Point)>> _points = [];
        private readonly Dictionary<(PolicyTrace, Reporter), Contribution[]> _contributions = new(TraceIdentity.Instance);

        public void Add(long windowStart, PolicyTrace trace, Reporter reporter, FlowCounters counters)
        {
            if (!_contributions.TryGetValue((trace, reporter), out var contributions))
            {
                _contributions[(trace, reporter)] = contributions = ContributionsOf(trace, reporter);
            }

            foreach (var (series, action) in contributions)
            {
                // A window's rows (or totals) come together, so a point already started for it is the last one.
                var points = _points[series];
                var point = PointOf(counters, reporter, action, query.Kind);
                if (points.Count > 0 && points[^1].Start == windowStart) points[^1] = (windowStart, points[^1].Point + point);
                else points.Add((windowStart, point));
            }
        }

        public ImmutableArray<PolicyStatistics> Result() => [.. _index
            .OrderBy(entry => entry.Key, StatisticsKey.ResultOrder)
            .Select(entry =>
            {
                var points = _points[entry.Value];
                points.Sort((a, b) => a.Start.CompareTo(b.Start));
                return new PolicyStatistics(entry.Key, [.. points.Select(p => p.Start)], [.. points.Select(p => p.Point)]);
            })];

        /// <summary>A flow counts once per policy (or distinct rule) among the hits the query matches.</summary>
        private Contribution[] ContributionsOf(PolicyTrace trace, Reporter reporter)
        {
            var seen = new HashSet<StatisticsKey>();
            var contributions = new List<Contribution>();
            foreach (var hit in trace.All)
            {
                if (hit.Action == FlowAction.Unspecified || !query.Match.Matches(hit)) continue;
                var key = KeyOf(hit, reporter, query.GroupBy);
                if (!seen.Add(key)) continue;
                if (!_index.TryGetValue(key, out var series))
                {
                    _index[key] = series = _points.Count;
                    _points.Add([]);
                }

                contributions.Add(new Contribution(series, hit.Action));
            }

            return [.. contributions];
        }
    }

    private readonly record struct Contribution(int Series, FlowAction Action);

    private static StatisticsKey KeyOf(PolicyHit hit, Reporter reporter, StatisticsGrouping groupBy)
    {
        var policy = hit.Attributed;
        return groupBy == StatisticsGrouping.PolicyRule
            ? new StatisticsKey(policy.Kind, policy.Tier, policy.Namespace, policy.Name, hit.Action, hit.RuleIndex, DirectionOf(reporter))
            : new StatisticsKey(policy.Kind, policy.Tier, policy.Namespace, policy.Name, FlowAction.Unspecified, 0, RuleDirection.Any);
    }

    private static RuleDirection DirectionOf(Reporter reporter) =>
        reporter == Reporter.Src ? RuleDirection.Egress : RuleDirection.Ingress;

    private static StatisticsPoint PointOf(FlowCounters c, Reporter reporter, FlowAction action, StatisticKind kind)
    {
        var (valueIn, valueOut) = kind switch
        {
            StatisticKind.PacketCount => (c.PacketsIn, c.PacketsOut),
            StatisticKind.ByteCount => (c.BytesIn, c.BytesOut),
            _ => reporter == Reporter.Dst ? (c.ConnectionsLive, 0L) : (0L, c.ConnectionsLive),
        };

        return action switch
        {
            FlowAction.Allow => new StatisticsPoint(valueIn, valueOut, 0, 0, 0, 0),
            FlowAction.Deny => new StatisticsPoint(0, 0, valueIn, valueOut, 0, 0),
            _ => new StatisticsPoint(0, 0, 0, 0, valueIn, valueOut),
        };
    }
}
