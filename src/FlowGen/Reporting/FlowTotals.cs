using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Reporting;

/// <summary>Summed counters of a group of flows.</summary>
public readonly record struct FlowTotals(long BytesIn, long BytesOut, long PacketsIn, long PacketsOut, long Started, long Completed, long Live)
{
    public static FlowTotals Of(Flow flow) => new(flow.BytesIn, flow.BytesOut, flow.PacketsIn, flow.PacketsOut,
        flow.NumConnectionsStarted, flow.NumConnectionsCompleted, flow.NumConnectionsLive);

    public static FlowTotals operator +(FlowTotals a, FlowTotals b) => new(a.BytesIn + b.BytesIn, a.BytesOut + b.BytesOut,
        a.PacketsIn + b.PacketsIn, a.PacketsOut + b.PacketsOut, a.Started + b.Started, a.Completed + b.Completed, a.Live + b.Live);

    public static FlowTotals Add(FlowTotals a, FlowTotals b) => a + b;

    public long Bytes => BytesIn + BytesOut;
}
