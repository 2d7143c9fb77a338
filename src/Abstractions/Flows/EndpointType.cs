namespace FlowGrain.Abstractions.Flows;

/// <summary>Kind of endpoint at either end of a flow (values as on the wire).</summary>
public enum EndpointType
{
    Unspecified = 0,
    WorkloadEndpoint = 1,
    HostEndpoint = 2,
    NetworkSet = 3,
    Network = 4,
}
