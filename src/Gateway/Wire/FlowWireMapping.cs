using FlowGrain.Abstractions.Flows;
using Goldmane = FlowGrain.Protocol;

namespace FlowGrain.Gateway.Wire;

/// <summary>Domain flows to goldmane messages: the one place that knows how a result looks on the wire.</summary>
public static class FlowWireMapping
{
    public static Goldmane.FlowResult ToWire(AggregatedFlow flow) => new()
    {
        Id = flow.Key.Id,
        Flow = new Goldmane.Flow
        {
            Key = ToWire(flow.Key),
            StartTime = flow.Start,
            EndTime = flow.End,
            SourceLabels = { flow.SourceLabels.Labels },
            DestLabels = { flow.DestLabels.Labels },
            PacketsIn = flow.Counters.PacketsIn,
            PacketsOut = flow.Counters.PacketsOut,
            BytesIn = flow.Counters.BytesIn,
            BytesOut = flow.Counters.BytesOut,
            NumConnectionsStarted = flow.Counters.ConnectionsStarted,
            NumConnectionsCompleted = flow.Counters.ConnectionsCompleted,
            NumConnectionsLive = flow.Counters.ConnectionsLive,
        },
    };

    public static Goldmane.FlowKey ToWire(FlowKey key) => new()
    {
        SourceName = key.SourceName,
        SourceNamespace = key.SourceNamespace,
        SourceType = (Goldmane.EndpointType)key.SourceType,
        DestName = key.DestName,
        DestNamespace = key.DestNamespace,
        DestType = (Goldmane.EndpointType)key.DestType,
        DestPort = key.DestPort,
        DestServiceName = key.DestServiceName,
        DestServiceNamespace = key.DestServiceNamespace,
        DestServicePortName = key.DestServicePortName,
        DestServicePort = key.DestServicePort,
        Proto = key.Proto,
        Reporter = (Goldmane.Reporter)key.Reporter,
        Action = (Goldmane.Action)key.Action,
        Policies = new Goldmane.PolicyTrace
        {
            EnforcedPolicies = { key.Policies.Enforced.Select(ToWire) },
            PendingPolicies = { key.Policies.Pending.Select(ToWire) },
        },
    };

    public static Goldmane.PolicyHit ToWire(PolicyHit hit) => new()
    {
        Kind = (Goldmane.PolicyKind)hit.Kind,
        Namespace = hit.Namespace,
        Name = hit.Name,
        Tier = hit.Tier,
        Action = (Goldmane.Action)hit.Action,
        PolicyIndex = hit.PolicyIndex,
        RuleIndex = hit.RuleIndex,
        Trigger = hit.Trigger is null ? null : ToWire(hit.Trigger),
    };
}
