using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Reporting;

/// <summary>How verification groups flows: by who reported, both endpoints, port, protocol and action.</summary>
public readonly record struct FlowGroup(
    Reporter Reporter,
    string SourceNamespace,
    string SourceName,
    string DestNamespace,
    string DestName,
    long DestPort,
    string Proto,
    FlowGrain.Protocol.Action Action)
{
    public static FlowGroup Of(FlowKey key) => new(key.Reporter, key.SourceNamespace, key.SourceName,
        key.DestNamespace, key.DestName, key.DestPort, key.Proto, key.Action);

    public override string ToString() =>
        $"{Reporter} {SourceNamespace}/{SourceName} -> {DestNamespace}/{DestName}:{DestPort}/{Proto} {Action}";
}
