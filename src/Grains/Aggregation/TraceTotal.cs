using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// The counters of a window's keys that share one policy trace and reporter, summed. Per-policy statistics depend on
/// nothing else of a key, so a window's few totals stand in for its thousands of rows.
/// </summary>
internal sealed record TraceTotal(PolicyTrace Trace, Reporter Reporter, FlowCounters Counters)
{
    public static IReadOnlyList<TraceTotal> Of(IEnumerable<(FlowKey Key, FlowCounters Counters)> rows)
    {
        var totals = new Dictionary<(PolicyTrace, Reporter), FlowCounters>(TraceIdentity.Instance);
        foreach (var (key, counters) in rows)
        {
            var group = (key.Policies, key.Reporter);
            totals[group] = totals.TryGetValue(group, out var sum) ? sum + counters : counters;
        }

        return [.. totals.Select(t => new TraceTotal(t.Key.Item1, t.Key.Item2, t.Value))];
    }
}
