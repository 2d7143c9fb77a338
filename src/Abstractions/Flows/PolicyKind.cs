namespace FlowGrain.Abstractions.Flows;

/// <summary>Kind of policy that a policy hit names (values as on the wire).</summary>
public enum PolicyKind
{
    Unspecified = 0,
    CalicoNetworkPolicy = 1,
    GlobalNetworkPolicy = 2,
    StagedNetworkPolicy = 3,
    StagedGlobalNetworkPolicy = 4,
    StagedKubernetesNetworkPolicy = 5,
    NetworkPolicy = 6,
    AdminNetworkPolicy = 7,
    BaselineAdminNetworkPolicy = 8,
    Profile = 9,
    EndOfTier = 10,
    ClusterNetworkPolicy = 11,
}
