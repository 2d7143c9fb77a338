using System.Collections.Concurrent;
using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Reporting;

/// <summary>Every good flow a run generated, once each, summed per <see cref="FlowGroup"/>: what the collector must end up with.</summary>
public sealed class SentLedger
{
    private readonly ConcurrentDictionary<FlowGroup, FlowTotals> _totals = new();
    private long _earliestStart = long.MaxValue;
    private long _flows;

    public long Flows => Interlocked.Read(ref _flows);

    /// <summary>Start time of the earliest flow recorded, or null before any.</summary>
    public long? EarliestStart => Flows == 0 ? null : Interlocked.Read(ref _earliestStart);

    public IReadOnlyDictionary<FlowGroup, FlowTotals> Totals => _totals;

    public void Record(Flow flow)
    {
        _totals.AddOrUpdate(FlowGroup.Of(flow.Key), FlowTotals.Of(flow), (_, total) => total + FlowTotals.Of(flow));
        Interlocked.Increment(ref _flows);
        long seen;
        while (flow.StartTime < (seen = Interlocked.Read(ref _earliestStart)))
        {
            Interlocked.CompareExchange(ref _earliestStart, flow.StartTime, seen);
        }
    }
}
