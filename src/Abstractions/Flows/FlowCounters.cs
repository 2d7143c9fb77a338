namespace FlowGrain.Abstractions.Flows;

/// <summary>The traffic numbers of a flow; aggregates sum them (live connections included, as Calico does).</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.FlowCounters")]
public readonly record struct FlowCounters(
    [property: Id(0)] long PacketsIn,
    [property: Id(1)] long PacketsOut,
    [property: Id(2)] long BytesIn,
    [property: Id(3)] long BytesOut,
    [property: Id(4)] long ConnectionsStarted,
    [property: Id(5)] long ConnectionsCompleted,
    [property: Id(6)] long ConnectionsLive)
{
    public static FlowCounters operator +(FlowCounters a, FlowCounters b) => new(
        a.PacketsIn + b.PacketsIn,
        a.PacketsOut + b.PacketsOut,
        a.BytesIn + b.BytesIn,
        a.BytesOut + b.BytesOut,
        a.ConnectionsStarted + b.ConnectionsStarted,
        a.ConnectionsCompleted + b.ConnectionsCompleted,
        a.ConnectionsLive + b.ConnectionsLive);

    public static FlowCounters operator -(FlowCounters a, FlowCounters b) => new(
        a.PacketsIn - b.PacketsIn,
        a.PacketsOut - b.PacketsOut,
        a.BytesIn - b.BytesIn,
        a.BytesOut - b.BytesOut,
        a.ConnectionsStarted - b.ConnectionsStarted,
        a.ConnectionsCompleted - b.ConnectionsCompleted,
        a.ConnectionsLive - b.ConnectionsLive);

    public static FlowCounters Add(FlowCounters a, FlowCounters b) => a + b;

    public static FlowCounters Subtract(FlowCounters a, FlowCounters b) => a - b;

    public long Bytes => BytesIn + BytesOut;

    public long Packets => PacketsIn + PacketsOut;
}
