namespace FlowGrain.Abstractions.Flows;

/// <summary>Which end of a connection reported the flow (values as on the wire).</summary>
public enum Reporter
{
    Unspecified = 0,
    Src = 1,
    Dst = 2,
}
