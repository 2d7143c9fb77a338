using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>A key's running aggregate inside a window that is still filling.</summary>
internal sealed class FlowAccumulator(FlowKey key, int slot, LabelSet sourceLabels, LabelSet destLabels)
{
    public FlowKey Key { get; } = key;

    /// <summary>The key's slot in the owner's key table.</summary>
    public int Slot { get; } = slot;

    public FlowCounters Counters { get; private set; }

    public LabelSet SourceLabels { get; private set; } = sourceLabels;

    public LabelSet DestLabels { get; private set; } = destLabels;

    public void Add(FlowCounters counters, LabelSet sourceLabels, LabelSet destLabels)
    {
        Counters += counters;
        SourceLabels = SourceLabels.Intersect(sourceLabels);
        DestLabels = DestLabels.Intersect(destLabels);
    }

    public AggregatedFlow ToFlow(long start, long end) => new(Key, start, end, SourceLabels, DestLabels, Counters);
}
