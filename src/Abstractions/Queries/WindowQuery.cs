namespace FlowGrain.Abstractions.Queries;

/// <summary>Per-window rows of the closed windows from the one containing <see cref="From"/> (a stream's backfill).</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.WindowQuery")]
public sealed record WindowQuery([property: Id(0)] long From, [property: Id(1)] FlowFilter Filter);
