namespace FlowGrain.Abstractions.Flows;

/// <summary>One flow as a node reported it for one of its flush intervals, validated and canonicalised.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.FlowReport")]
public sealed record FlowReport(
    [property: Id(0)] string Node,
    [property: Id(1)] FlowKey Key,
    [property: Id(2)] long StartTime,
    [property: Id(3)] long EndTime,
    [property: Id(4)] LabelSet SourceLabels,
    [property: Id(5)] LabelSet DestLabels,
    [property: Id(6)] FlowCounters Counters);
