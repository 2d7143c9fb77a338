using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Console.Traffic;

namespace FlowGrain.Gateway.Console.Map;

/// <summary>
/// The traffic map's graph: namespaces as nodes, traffic between them as directed edges. Endpoints outside namespaces
/// are grouped by what they are: each network ("PUBLIC NETWORK", a network set) is a node, all hosts are one.
/// Nodes lie on an ellipse in name order (namespaces first), so the same traffic always draws the same picture.
/// </summary>
public sealed record NamespaceGraph(IReadOnlyList<MapNode> Nodes, IReadOnlyList<MapEdge> Edges)
{
    public const string Hosts = "hosts";

    public static NamespaceGraph Build(IEnumerable<AggregatedFlow> rows, double width, double height)
    {
        var edges = rows
            .GroupBy(row => (From: Place(row.Key.SourceNamespace, row.Key.SourceName, row.Key.SourceType), To: Place(row.Key.DestNamespace, row.Key.DestName, row.Key.DestType)))
            .Select(group => new MapEdge(group.Key.From.Name, group.Key.To.Name, ByteVolume.Of(group),
                group.Select(Conversation.Of).Distinct().Count(), group.Count(row => row.Key.Action == FlowAction.Deny)))
            .OrderBy(edge => edge.From, StringComparer.Ordinal)
            .ThenBy(edge => edge.To, StringComparer.Ordinal)
            .ToList();

        var places = rows
            .SelectMany(row => new[] { Place(row.Key.SourceNamespace, row.Key.SourceName, row.Key.SourceType), Place(row.Key.DestNamespace, row.Key.DestName, row.Key.DestType) })
            .Distinct()
            .OrderBy(place => place.Namespaced ? 0 : 1)
            .ThenBy(place => place.Name, StringComparer.Ordinal)
            .ToList();

        var bytes = places.ToDictionary(p => p.Name, p => edges.Where(e => e.From == p.Name || e.To == p.Name).Sum(e => e.Bytes), StringComparer.Ordinal);
        var (cx, cy) = (width / 2, height / 2);
        var (rx, ry) = (width / 2 - 130, height / 2 - 85);
        var nodes = places.Select((place, i) =>
        {
            var angle = (2 * Math.PI * i / Math.Max(1, places.Count)) - (Math.PI / 2);
            return new MapNode(place.Name, place.Namespaced, bytes[place.Name], cx + (rx * Math.Cos(angle)), cy + (ry * Math.Sin(angle)));
        }).ToList();
        return new NamespaceGraph(nodes, edges);
    }

    private static (string Name, bool Namespaced) Place(string ns, string name, EndpointType type)
    {
        if (ns.Length > 0 && ns != OwnerNamespace.NotNamespaced) return (ns, true);
        return type switch
        {
            EndpointType.HostEndpoint => (Hosts, false),
            _ => (DisplayNames.ForName(name) ?? name, false),
        };
    }
}
