using System.Collections.Immutable;

namespace FlowGrain.Abstractions.Queries;

/// <summary>
/// A list request as one owner sees it: the first <see cref="Limit"/> aggregated flows in sort order (0 = all),
/// so that the gateway can merge owners and cut any page.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.FlowListQuery")]
public sealed record FlowListQuery(
    [property: Id(0)] TimeRange Range,
    [property: Id(1)] FlowFilter Filter,
    [property: Id(2)] ImmutableArray<FlowSort> Sort,
    [property: Id(3)] int Limit,
    [property: Id(4)] long AggregationInterval = 0);
