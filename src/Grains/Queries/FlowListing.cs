using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Grains.Queries;

/// <summary>Aggregates window snapshots over a range: one result per key (or per key and interval bucket), filtered, sorted, cut.</summary>
internal static class FlowListing
{
    public static FlowPage List(IReadOnlyList<WindowView> windows, FlowListQuery query)
    {
        var aggregates = Aggregate(windows, query.Filter, query.AggregationInterval);
        var head = TopSelection.Take(aggregates, new FlowOrdering(query.Sort), query.Limit);
        return new FlowPage(aggregates.Count, head);
    }

    /// <summary>Sums each key's windows (within each bucket when <paramref name="interval"/> &gt; 0).</summary>
    public static IReadOnlyCollection<AggregatedFlow> Aggregate(IReadOnlyList<WindowView> windows, FlowFilter filter, long interval)
    {
        var matcher = new CachedFilter(filter);
        var byKey = new Dictionary<(long Id, long Bucket), AggregatedFlow>();
        foreach (var window in windows)
        {
            var bucket = ResultMerging.BucketOf(window.Start, interval);
            foreach (var flow in window.Flows)
            {
                if (!matcher.Matches(flow.Key)) continue;
                var slot = (flow.Key.Id, bucket);
                byKey[slot] = byKey.TryGetValue(slot, out var existing) ? existing.Merge(flow) : flow;
            }
        }

        return byKey.Values;
    }
}
