using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Queries;

namespace FlowGrain.Gateway.Queries;

/// <summary>
/// A List over the shards of one owner, which share keys (each node's reports went to one shard, and many nodes
/// report a key): merged by key before ordering and paging, so the answer is the unsplit owner's. First every shard
/// names its matching keys (for the total, and for a Time order each key's first window) and its head in any other
/// order; then the rows of the page's keys are read from every shard and summed.
/// </summary>
internal static class ShardedListing
{
    public static async Task<FlowPage> ListAsync(IReadOnlyList<INamespaceFlowsGrain> shards, FlowListQuery query)
    {
        var sort = query.Sort.IsDefaultOrEmpty ? [FlowSort.Time] : query.Sort;
        var byTime = sort is [FlowSort.Time];
        if (query.AggregationInterval > 0 || (!byTime && sort.Contains(FlowSort.Time)))
        {
            // Per interval, or Time with other fields: every row of every shard, summed by key (and interval), then ordered.
            var every = await Task.WhenAll(shards.Select(shard => shard.ListAsync(query with { Limit = 0 })));
            var merged = ResultMerging.SumByKey(every.SelectMany(page => page.Flows), row => ResultMerging.BucketOf(row.Start, query.AggregationInterval));
            return new FlowPage(merged.Count, TopSelection.Take(merged, new FlowOrdering(sort), query.Limit));
        }

        var parts = await Task.WhenAll(shards.Select(shard => shard.ShardKeysAsync(query)));
        var firstStarts = new Dictionary<long, long>();
        foreach (var part in parts)
        {
            for (var i = 0; i < part.Ids.Length; i++)
            {
                firstStarts[part.Ids[i]] = firstStarts.TryGetValue(part.Ids[i], out var start) ? Math.Min(start, part.FirstStarts[i]) : part.FirstStarts[i];
            }
        }

        // The owner's head in a key's own order is among the shards' heads (each shard's head holds every key of the
        // owner's head that it has); in Time order it follows from each key's first window over all shards.
        long[] page = byTime
            ? [.. TopSelection.Take(firstStarts.Select(e => (Id: e.Key, Start: e.Value)).ToList(),
                Comparer<(long Id, long Start)>.Create((x, y) => x.Start != y.Start ? y.Start.CompareTo(x.Start) : x.Id.CompareTo(y.Id)), query.Limit)
                .Select(e => e.Id)]
            : [.. TopSelection.Take(parts.SelectMany(p => p.Head).DistinctBy(key => key.Id).ToList(), new KeyOrder(new FlowOrdering(sort)), query.Limit)
                .Select(key => key.Id)];

        var rows = await Task.WhenAll(shards.Select(shard => shard.RowsAsync(new RowsQuery(query.Range, [.. page]))));
        var summed = ResultMerging.SumByKey(rows.SelectMany(r => r), row => 0).ToArray();
        Array.Sort(summed, new FlowOrdering(sort));
        return new FlowPage(firstStarts.Count, [.. summed]);
    }

    private sealed class KeyOrder(FlowOrdering ordering) : IComparer<FlowKey>
    {
        public int Compare(FlowKey? x, FlowKey? y) => ordering.Compare(x!, 0, y!, 0);
    }
}
