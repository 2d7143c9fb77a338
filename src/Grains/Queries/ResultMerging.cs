using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;

namespace FlowGrain.Grains.Queries;

/// <summary>Combines the answers of several owners into one, as the gateway returns it.</summary>
public static class ResultMerging
{
    /// <summary>
    /// One page of the merged order. Owners hold disjoint keys and each returned its first (page+1)*size results in
    /// the same total order, so the merged head is exact.
    /// </summary>
    public static FlowPage Page(IEnumerable<FlowPage> owners, ImmutableArray<FlowSort> sort, int page, int pageSize)
    {
        var pages = owners.ToList();
        var total = pages.Sum(p => p.TotalResults);
        var merged = pages.SelectMany(p => p.Flows).ToArray();
        Array.Sort(merged, new FlowOrdering(sort));
        if (pageSize <= 0)
        {
            return new FlowPage(total, [.. merged]);
        }

        var skip = (long)page * pageSize;
        var slice = merged.Skip((int)Math.Min(skip, merged.Length)).Take(pageSize);
        return new FlowPage(total, [.. slice]);
    }

    /// <summary>
    /// Rows of the same key in the same bucket (<paramref name="bucketOf"/>) summed into one: the shards of one owner
    /// share keys, as the windows of one key do over a range.
    /// </summary>
    public static List<AggregatedFlow> SumByKey(IEnumerable<AggregatedFlow> rows, Func<AggregatedFlow, long> bucketOf)
    {
        var byKey = new Dictionary<(long Id, long Bucket), AggregatedFlow>();
        foreach (var row in rows)
        {
            var slot = (row.Key.Id, bucketOf(row));
            byKey[slot] = byKey.TryGetValue(slot, out var sum) ? sum.Merge(row) : row;
        }

        return [.. byKey.Values];
    }

    /// <summary>The start of the <paramref name="interval"/>-second bucket that holds <paramref name="start"/>; with no interval (0), one bucket for all.</summary>
    public static long BucketOf(long start, long interval) => interval > 0 ? start - (((start % interval) + interval) % interval) : 0;

    /// <summary>Distinct values of all owners, ascending.</summary>
    public static ImmutableArray<string> Hints(IEnumerable<ImmutableArray<string>> owners) =>
        [.. owners.SelectMany(values => values).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Sums the same policy (or rule) across owners per window; without a time series, into one point.</summary>
    public static ImmutableArray<PolicyStatistics> Statistics(IEnumerable<ImmutableArray<PolicyStatistics>> owners, bool timeSeries)
    {
        var merged = new SortedDictionary<StatisticsKey, SortedDictionary<long, StatisticsPoint>>(StatisticsKey.ResultOrder);
        foreach (var stats in owners.SelectMany(s => s))
        {
            if (!merged.TryGetValue(stats.Key, out var points))
            {
                merged[stats.Key] = points = [];
            }

            for (var i = 0; i < stats.WindowStarts.Length; i++)
            {
                points.TryGetValue(stats.WindowStarts[i], out var point);
                points[stats.WindowStarts[i]] = point + stats.Points[i];
            }
        }

        return [.. merged.Select(entry => timeSeries
            ? new PolicyStatistics(entry.Key, [.. entry.Value.Keys], [.. entry.Value.Values])
            : new PolicyStatistics(entry.Key, [], [entry.Value.Values.Aggregate(default(StatisticsPoint), StatisticsPoint.Add)]))];
    }
}
