using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Grains.Queries;

/// <summary>Per-window rows of closed windows, oldest window first: what a stream's backfill sends.</summary>
internal static class WindowRows
{
    public static ImmutableArray<AggregatedFlow> Of(IReadOnlyList<WindowView> windows, FlowFilter filter)
    {
        var matcher = new CachedFilter(filter);
        var rows = ImmutableArray.CreateBuilder<AggregatedFlow>();
        foreach (var window in windows)
        {
            rows.AddRange(window.Flows.Where(flow => matcher.Matches(flow.Key)).OrderBy(flow => flow.Key.Id));
        }

        return rows.ToImmutable();
    }
}
