using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Model;

/// <summary>
/// Traffic between two endpoints, with what policy decided on each side: the source node reports it (reporter Src)
/// with the egress verdict, the destination node (reporter Dst) with the ingress verdict.
/// </summary>
internal sealed record SimConversation(
    SimEndpoint Source,
    SimEndpoint Dest,
    long DestPort,
    string Proto,
    SimService? Service,
    SimVerdict SourceSide,
    SimVerdict DestSide,
    int Weight);

/// <summary>One side's policy outcome: the action and the enforced and pending (staged) hits.</summary>
internal sealed record SimVerdict(FlowGrain.Protocol.Action Action, IReadOnlyList<PolicyHit> Enforced, IReadOnlyList<PolicyHit> Pending);
