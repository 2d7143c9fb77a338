using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Model;

/// <summary>
/// One end of simulated traffic as Felix names it: a pod replica (reported by its generateName and "*"), a host,
/// a network set or the outside network. <see cref="Node"/> is the node that runs it, null when no Calico node does.
/// </summary>
internal sealed record SimEndpoint(
    string Name,
    string Namespace,
    EndpointType Type,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> CommonLabels,
    int? Node);
