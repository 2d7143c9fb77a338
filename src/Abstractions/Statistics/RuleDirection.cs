namespace FlowGrain.Abstractions.Statistics;

/// <summary>Direction of a rule as seen from the reporting endpoint: Src reports egress, Dst ingress.</summary>
public enum RuleDirection
{
    Any = 0,
    Ingress = 1,
    Egress = 2,
}
