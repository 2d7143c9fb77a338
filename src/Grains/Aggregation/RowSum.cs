using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>A key's rows summed over several windows without a row object per window: counters add, labels intersect, bounds widen.</summary>
internal struct RowSum
{
    private LabelSet? _sourceLabels;
    private LabelSet? _destLabels;

    public long Start { get; private set; }

    public long End { get; private set; }

    public FlowCounters Counters { get; private set; }

    /// <summary>Whether any row was added.</summary>
    public readonly bool IsEmpty => _sourceLabels is null;

    public void Add(long start, long end, LabelSet sourceLabels, LabelSet destLabels, FlowCounters counters)
    {
        if (_sourceLabels is null)
        {
            (Start, End, _sourceLabels, _destLabels, Counters) = (start, end, sourceLabels, destLabels, counters);
            return;
        }

        Start = Math.Min(Start, start);
        End = Math.Max(End, end);
        _sourceLabels = _sourceLabels.Intersect(sourceLabels);
        _destLabels = _destLabels!.Intersect(destLabels);
        Counters += counters;
    }

    public void Add(AggregatedFlow row) => Add(row.Start, row.End, row.SourceLabels, row.DestLabels, row.Counters);

    public readonly AggregatedFlow ToFlow(FlowKey key) =>
        new(key, Start, End, _sourceLabels ?? LabelSet.Empty, _destLabels ?? LabelSet.Empty, Counters);
}
