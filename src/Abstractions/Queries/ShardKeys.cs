using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Abstractions.Queries;

/// <summary>
/// One shard's part of a List over all the shards of its owner, which share keys: every matching key's id (ascending)
/// with the start of its first window in the range, for the total and a Time order across shards, and the shard's
/// head of the list in any other order, from which the shards' heads together give the owner's.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.ShardKeys")]
public sealed record ShardKeys(
    [property: Id(0)] ImmutableArray<long> Ids,
    [property: Id(1)] ImmutableArray<long> FirstStarts,
    [property: Id(2)] ImmutableArray<FlowKey> Head);

/// <summary>The rows, over a range, of the keys with these ids (those the shard holds).</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.RowsQuery")]
public sealed record RowsQuery(
    [property: Id(0)] TimeRange Range,
    [property: Id(1)] ImmutableArray<long> Ids);
