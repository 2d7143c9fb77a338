using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Console.Map;
using static FlowGrain.Console.Tests.Unit.Flows;

namespace FlowGrain.Console.Tests.Unit;

/// <summary>The traffic map's graph and how it is drawn.</summary>
public sealed class TrafficMapTests
{
    [Fact]
    public void Namespaces_become_nodes_and_traffic_between_them_directed_edges_marked_when_denied()
    {
        var rows = new[]
        {
            Flow("api", sourceNs: "shop", destNs: "db", bytes: 100, reporter: Reporter.Src),
            Flow("api", sourceNs: "shop", destNs: "db", bytes: 100, reporter: Reporter.Dst, action: FlowAction.Deny),
            Flow("worker", sourceNs: "shop", destNs: "-", dest: "pub", destType: EndpointType.Network, bytes: 50),
            Flow("node-1", sourceNs: "-", destNs: "db", bytes: 5),
        };

        var graph = NamespaceGraph.Build(rows, 1000, 560);

        Assert.Equal(["db", "shop", "PUBLIC NETWORK", "node-1"], graph.Nodes.Select(n => n.Name));
        var denied = graph.Edges.Single(e => e.From == "shop" && e.To == "db");
        Assert.True(denied.Denied);
        Assert.Equal((100L, 1, 1), (denied.Bytes, denied.Flows, denied.DeniedFlows));
        Assert.False(graph.Edges.Single(e => e.To == "PUBLIC NETWORK").Denied);
        Assert.All(graph.Nodes, n => Assert.InRange(n.X, 0, 1000));
        Assert.All(graph.Nodes, n => Assert.InRange(n.Y, 0, 560));
    }

    [Fact]
    public void Hosts_are_one_node()
    {
        var hosts = new[] { HostFlow("node-1"), HostFlow("node-2") };

        var graph = NamespaceGraph.Build(hosts, 1000, 560);

        Assert.Equal(["kube-system", NamespaceGraph.Hosts], graph.Nodes.Select(n => n.Name));
        Assert.Equal(40, Assert.Single(graph.Edges).Bytes);
    }

    [Fact]
    public void Busier_traffic_draws_wider_and_edges_each_way_do_not_overlap()
    {
        Assert.Equal(MapGeometry.MaxStroke, MapGeometry.Stroke(1000, 1000), 3);
        Assert.True(MapGeometry.Stroke(10, 1000) < MapGeometry.Stroke(500, 1000));
        Assert.Equal(MapGeometry.MinStroke, MapGeometry.Stroke(0, 1000));

        var a = new MapNode("a", true, 0, 100, 100);
        var b = new MapNode("b", true, 0, 400, 100);
        Assert.NotEqual(MapGeometry.Path(a, 20, b, 20), MapGeometry.Path(b, 20, a, 20));
        Assert.StartsWith("M 120 96 Q", MapGeometry.Path(a, 20, b, 20), StringComparison.Ordinal);
    }

    private static AggregatedFlow HostFlow(string host) => new(
        new FlowKey { SourceName = host, SourceNamespace = "-", SourceType = EndpointType.HostEndpoint, DestNamespace = "kube-system", DestName = "coredns", DestPort = 53, Proto = "udp", Reporter = Reporter.Src, Action = FlowAction.Allow },
        1_800_000_000, 1_800_000_015, LabelSet.Empty, LabelSet.Empty, new FlowCounters(1, 1, 10, 10, 1, 1, 0));
}
