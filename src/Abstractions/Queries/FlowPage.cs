using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Abstractions.Queries;

/// <summary>The head of a sorted result and the number of all matches, before paging.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.FlowPage")]
public sealed record FlowPage(
    [property: Id(0)] long TotalResults,
    [property: Id(1)] ImmutableArray<AggregatedFlow> Flows)
{
    public static readonly FlowPage Empty = new(0, []);
}
