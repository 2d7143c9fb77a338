namespace FlowGrain.FlowGen.Model;

/// <summary>A Kubernetes service in front of a destination.</summary>
internal sealed record SimService(string Name, string Namespace, string PortName, long Port);
