namespace FlowGrain.FlowGen.Model;

/// <summary>The options ask for traffic the simulated cluster cannot produce.</summary>
public sealed class ClusterModelException(string message) : Exception(message);
