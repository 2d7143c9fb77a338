namespace FlowGrain.Gateway.Console.Map;

/// <summary>A place on the traffic map (a namespace, or a group of endpoints outside namespaces) and where it is drawn.</summary>
public sealed record MapNode(string Name, bool Namespaced, long Bytes, double X, double Y);
