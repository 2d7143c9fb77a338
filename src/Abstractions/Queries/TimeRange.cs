namespace FlowGrain.Abstractions.Queries;

/// <summary>An absolute query range in Unix seconds: windows from the one containing <see cref="From"/> up to, not including, <see cref="Until"/>.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.TimeRange")]
public readonly record struct TimeRange([property: Id(0)] long From, [property: Id(1)] long Until);
