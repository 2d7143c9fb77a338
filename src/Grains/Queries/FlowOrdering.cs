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
        return Compare(x.Key, x.Start, y.Key, y.Start);
    }

    /// <summary>Compares two rows by what the order reads of them: their keys and start times.</summary>
    public int Compare(FlowKey xKey, long xStart, FlowKey yKey, long yStart) =>
        Compare(FlowSortFields.Of(xKey), xStart, FlowSortFields.Of(yKey), yStart);

    /// <summary>Compares two rows by their keys' sort fields and their start times.</summary>
    public int Compare(in FlowSortFields xKey, long xStart, in FlowSortFields yKey, long yStart)
    {
        foreach (var sort in _sort)
        {
            var c = sort switch
            {
                FlowSort.Time => yStart.CompareTo(xStart),
                FlowSort.DestName => string.CompareOrdinal(xKey.DestName, yKey.DestName),
                FlowSort.DestNamespace => string.CompareOrdinal(xKey.DestNamespace, yKey.DestNamespace),
                FlowSort.DestType => ((int)xKey.DestType).CompareTo((int)yKey.DestType), // as ints: Enum.CompareTo boxes
                FlowSort.SourceName => string.CompareOrdinal(xKey.SourceName, yKey.SourceName),
                FlowSort.SourceNamespace => string.CompareOrdinal(xKey.SourceNamespace, yKey.SourceNamespace),
                FlowSort.SourceType => ((int)xKey.SourceType).CompareTo((int)yKey.SourceType),
                _ => 0,
            };
            if (c != 0) return c;
        }

        var byId = xKey.Id.CompareTo(yKey.Id);
        return byId != 0 ? byId : yStart.CompareTo(xStart);
    }
}
