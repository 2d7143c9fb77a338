namespace FlowGrain.Abstractions.Queries;

/// <summary>Distinct values of one field among the flows that match a filter in a time range.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.HintsQuery")]
public sealed record HintsQuery(
    [property: Id(0)] TimeRange Range,
    [property: Id(1)] FlowFilter Filter,
    [property: Id(2)] HintField Field);
