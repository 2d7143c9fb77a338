namespace FlowGrain.Abstractions.Flows;

/// <summary>What policy decided for a flow or a policy hit (values as on the wire).</summary>
public enum FlowAction
{
    Unspecified = 0,
    Allow = 1,
    Deny = 2,
    Pass = 3,
}
