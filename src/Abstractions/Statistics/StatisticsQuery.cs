using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Abstractions.Statistics;

/// <summary>
/// Per-policy or per-rule traffic in a time range, for the policies that <see cref="Match"/> selects, counting only
/// the flows <see cref="Scope"/> lets the caller see (null: all).
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.StatisticsQuery")]
public sealed record StatisticsQuery(
    [property: Id(0)] TimeRange Range,
    [property: Id(1)] StatisticKind Kind,
    [property: Id(2)] StatisticsGrouping GroupBy,
    [property: Id(3)] PolicyMatch Match,
    [property: Id(4)] bool TimeSeries,
    [property: Id(5)] NamespaceScope? Scope = null);
