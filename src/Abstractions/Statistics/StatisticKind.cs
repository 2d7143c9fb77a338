namespace FlowGrain.Abstractions.Statistics;

/// <summary>What a statistics query counts (values as on the wire).</summary>
public enum StatisticKind
{
    PacketCount = 0,
    ByteCount = 1,
    LiveConnectionCount = 2,
}
