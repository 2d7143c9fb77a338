using System.Collections.Immutable;

namespace FlowGrain.Abstractions.Feed;

/// <summary>What one silo's publisher hands to every gateway in one delivery.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.FeedBatch")]
public sealed record FeedBatch([property: Id(0)] ImmutableArray<FeedWindow> Windows);
