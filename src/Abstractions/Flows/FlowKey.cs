namespace FlowGrain.Abstractions.Flows;

/// <summary>
/// What identifies an aggregated flow: both endpoints, the service, port and protocol, who reported it, the action
/// and the canonical policy trace. <see cref="Id"/> is a 64-bit hash of all of it, the same on every replica.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.FlowKey")]
public sealed class FlowKey : IEquatable<FlowKey>
{
    [NonSerialized] private long _id;

    [Id(0)] public string SourceName { get; init; } = "";
    [Id(1)] public string SourceNamespace { get; init; } = "";
    [Id(2)] public EndpointType SourceType { get; init; }
    [Id(3)] public string DestName { get; init; } = "";
    [Id(4)] public string DestNamespace { get; init; } = "";
    [Id(5)] public EndpointType DestType { get; init; }
    [Id(6)] public long DestPort { get; init; }
    [Id(7)] public string DestServiceName { get; init; } = "";
    [Id(8)] public string DestServiceNamespace { get; init; } = "";
    [Id(9)] public string DestServicePortName { get; init; } = "";
    [Id(10)] public long DestServicePort { get; init; }
    [Id(11)] public string Proto { get; init; } = "";
    [Id(12)] public Reporter Reporter { get; init; }
    [Id(13)] public FlowAction Action { get; init; }
    [Id(14)] public PolicyTrace Policies { get; init; } = PolicyTrace.Empty;

    /// <summary>Stable, non-negative 63-bit id of this key (FlowResult.id on the wire).</summary>
    public long Id
    {
        get
        {
            // Computed once per instance; a race computes the same value twice, which is harmless.
            if (_id == 0)
            {
                _id = FlowKeyHash.Compute(this);
            }

            return _id;
        }
    }

    /// <summary>The namespace whose grain owns this flow: the reporting endpoint's namespace, "-" when it has none.</summary>
    public string Owner => OwnerNamespace.Of(this);

    public bool Equals(FlowKey? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || Id != other.Id) return false;
        return DestPort == other.DestPort
               && DestServicePort == other.DestServicePort
               && SourceType == other.SourceType
               && DestType == other.DestType
               && Reporter == other.Reporter
               && Action == other.Action
               && SourceName == other.SourceName
               && SourceNamespace == other.SourceNamespace
               && DestName == other.DestName
               && DestNamespace == other.DestNamespace
               && DestServiceName == other.DestServiceName
               && DestServiceNamespace == other.DestServiceNamespace
               && DestServicePortName == other.DestServicePortName
               && Proto == other.Proto
               && Policies.Equals(other.Policies);
    }

    public override bool Equals(object? obj) => Equals(obj as FlowKey);

    public override int GetHashCode() => (int)Id ^ (int)(Id >> 32);

    public override string ToString() =>
        $"{SourceNamespace}/{SourceName} -> {DestNamespace}/{DestName}:{DestPort}/{Proto} {Action} by {Reporter}";
}
