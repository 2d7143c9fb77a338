using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Queries;

/// <summary>What a flow list's order reads of a key, kept apart from the key so that ranking thousands of keys reads dense arrays.</summary>
public readonly record struct FlowSortFields(
    long Id,
    string SourceName,
    string SourceNamespace,
    string DestName,
    string DestNamespace,
    EndpointType SourceType,
    EndpointType DestType)
{
    public static FlowSortFields Of(FlowKey key) =>
        new(key.Id, key.SourceName, key.SourceNamespace, key.DestName, key.DestNamespace, key.SourceType, key.DestType);
}
