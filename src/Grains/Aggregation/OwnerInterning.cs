using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// The pools of one owner. A key kept for the first time is rebuilt from pooled names and a pooled policy trace:
/// an owner's keys repeat the same namespaces, workload prefixes, protocols and traces thousands of times.
/// </summary>
internal sealed class OwnerInterning
{
    /// <param name="positions">Window positions of the owner's ring, for the key table's presence bits.</param>
    public OwnerInterning(int positions) => Keys = new KeyTable(positions, Canonical, ReleaseParts);

    public KeyTable Keys { get; }

    public InternPool<LabelSet> Labels { get; } = new();

    public InternPool<string> Names { get; } = new();

    public InternPool<PolicyTrace> Traces { get; } = new();

    private FlowKey Canonical(FlowKey key) => new()
    {
        SourceName = Names.Intern(key.SourceName),
        SourceNamespace = Names.Intern(key.SourceNamespace),
        SourceType = key.SourceType,
        DestName = Names.Intern(key.DestName),
        DestNamespace = Names.Intern(key.DestNamespace),
        DestType = key.DestType,
        DestPort = key.DestPort,
        DestServiceName = Names.Intern(key.DestServiceName),
        DestServiceNamespace = Names.Intern(key.DestServiceNamespace),
        DestServicePortName = Names.Intern(key.DestServicePortName),
        DestServicePort = key.DestServicePort,
        Proto = Names.Intern(key.Proto),
        Reporter = key.Reporter,
        Action = key.Action,
        Policies = Traces.Intern(key.Policies),
    };

    private void ReleaseParts(FlowKey key)
    {
        Names.Release(key.SourceName);
        Names.Release(key.SourceNamespace);
        Names.Release(key.DestName);
        Names.Release(key.DestNamespace);
        Names.Release(key.DestServiceName);
        Names.Release(key.DestServiceNamespace);
        Names.Release(key.DestServicePortName);
        Names.Release(key.Proto);
        Traces.Release(key.Policies);
    }
}
