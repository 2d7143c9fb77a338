using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Grains.Queries;

/// <summary>
/// The order of a flow list: the requested sort keys in turn (Time newest first, the others ascending), then the
/// stable key id and the start time, so that every replica and every page agree on one total order.
/// </summary>
public sealed class FlowOrdering : IComparer<AggregatedFlow>
{
    private readonly ImmutableArray<FlowSort> _sort;

    public FlowOrdering(ImmutableArray<FlowSort> sort) => _sort = sort.IsDefaultOrEmpty ? [FlowSort.Time] : sort;

    public int Compare(AggregatedFlow? x, AggregatedFlow? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;

        foreach (var sort in _sort)
        {
            var c = sort switch
            {
                FlowSort.Time => y.Start.CompareTo(x.Start),
                FlowSort.DestName => string.CompareOrdinal(x.Key.DestName, y.Key.DestName),
                FlowSort.DestNamespace => string.CompareOrdinal(x.Key.DestNamespace, y.Key.DestNamespace),
                FlowSort.DestType => ((int)x.Key.DestType).CompareTo((int)y.Key.DestType), // as ints: Enum.CompareTo boxes
                FlowSort.SourceName => string.CompareOrdinal(x.Key.SourceName, y.Key.SourceName),
                FlowSort.SourceNamespace => string.CompareOrdinal(x.Key.SourceNamespace, y.Key.SourceNamespace),
                FlowSort.SourceType => ((int)x.Key.SourceType).CompareTo((int)y.Key.SourceType),
                _ => 0,
            };
            if (c != 0) return c;
        }

        var byId = x.Key.Id.CompareTo(y.Key.Id);
        return byId != 0 ? byId : y.Start.CompareTo(x.Start);
    }
}
