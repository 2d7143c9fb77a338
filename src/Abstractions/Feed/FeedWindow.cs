using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Abstractions.Feed;

/// <summary>
/// Rows of one owner's window on the live feed: when provisional, the keys that changed since the last update with
/// their numbers so far in the window; when closed, every key of the window with its final numbers.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.FeedWindow")]
public sealed record FeedWindow(
    [property: Id(0)] string Owner,
    [property: Id(1)] long WindowStart,
    [property: Id(2)] FeedWindowState State,
    [property: Id(3)] ImmutableArray<AggregatedFlow> Flows);
