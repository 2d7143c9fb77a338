namespace FlowGrain.Abstractions.Flows;

/// <summary>
/// A key's aggregate over one window or a range of windows: counters summed, labels intersected,
/// <see cref="Start"/>/<see cref="End"/> the bounds of the first and last window with data.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.AggregatedFlow")]
public sealed record AggregatedFlow(
    [property: Id(0)] FlowKey Key,
    [property: Id(1)] long Start,
    [property: Id(2)] long End,
    [property: Id(3)] LabelSet SourceLabels,
    [property: Id(4)] LabelSet DestLabels,
    [property: Id(5)] FlowCounters Counters)
{
    /// <summary>Combines two aggregates of the same key (windows or shards).</summary>
    public AggregatedFlow Merge(AggregatedFlow other) => new(
        Key,
        Math.Min(Start, other.Start),
        Math.Max(End, other.End),
        SourceLabels.Intersect(other.SourceLabels),
        DestLabels.Intersect(other.DestLabels),
        Counters + other.Counters);
}
