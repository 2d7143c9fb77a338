using System.Collections.Immutable;

namespace FlowGrain.Abstractions.Statistics;

/// <summary>One policy's (or rule's) counts per window that had data, oldest window first.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.PolicyStatistics")]
public sealed record PolicyStatistics(
    [property: Id(0)] StatisticsKey Key,
    [property: Id(1)] ImmutableArray<long> WindowStarts,
    [property: Id(2)] ImmutableArray<StatisticsPoint> Points);
