using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Abstractions.Queries;

/// <summary>
/// One owner's closed windows, oldest first, each row a key's numbers in that window; <see cref="ClosedThrough"/> is
/// the newest window the owner had closed (and published) when it answered, so live rows can continue without overlap.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.ClosedWindows")]
public sealed record ClosedRows(
    [property: Id(0)] long ClosedThrough,
    [property: Id(1)] ImmutableArray<AggregatedFlow> Rows);
