using FlowGrain.FlowGen.Model;
using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Tests;

/// <summary>The simulated cluster looks like what Felix reports from a real one.</summary>
public sealed class ClusterModelTests
{
    private static readonly ClusterModel Model = ClusterModel.Build(new FlowGenOptions { Nodes = 4, Namespaces = 6, FlowsPerNode = 30, Tag = "t1" });

    private static IEnumerable<FlowKey> Keys => Enumerable.Range(0, 4)
        .SelectMany(node => new FlowGrain.FlowGen.Traffic.NodeTraffic(Model, node, 1000, seed: node).NextInterval(1_000_000))
        .Select(f => f.Key);

    [Fact]
    public void The_same_seed_builds_the_same_cluster()
    {
        var again = ClusterModel.Build(new FlowGenOptions { Nodes = 4, Namespaces = 6, FlowsPerNode = 30, Tag = "t1" });
        Assert.Equal(Model.Conversations.Select(c => $"{c.Source.Name}>{c.Dest.Name}:{c.DestPort}"), again.Conversations.Select(c => $"{c.Source.Name}>{c.Dest.Name}:{c.DestPort}"));
    }

    [Fact]
    public void Every_namespace_and_host_carries_the_tag()
    {
        Assert.All(Model.Namespaces, ns => Assert.StartsWith("t1-", ns, StringComparison.Ordinal));
        Assert.All(Model.HostNames, host => Assert.StartsWith("t1-node-", host, StringComparison.Ordinal));
    }

    [Fact]
    public void Pods_are_reported_by_generate_name_with_a_star()
    {
        Assert.Contains(Keys, k => k.SourceType == EndpointType.WorkloadEndpoint && k.SourceName.EndsWith("-*", StringComparison.Ordinal));
        Assert.All(Keys.Where(k => k.SourceType == EndpointType.WorkloadEndpoint), k => Assert.EndsWith("*", k.SourceName, StringComparison.Ordinal));
    }

    [Fact]
    public void Pod_to_pod_traffic_is_reported_by_both_ends()
    {
        var podToPod = Keys.Where(k => k.SourceType == EndpointType.WorkloadEndpoint && k.DestType == EndpointType.WorkloadEndpoint).ToList();
        Assert.Contains(podToPod, k => k.Reporter == Reporter.Src);
        Assert.Contains(podToPod, k => k.Reporter == Reporter.Dst);
    }

    [Fact]
    public void The_traffic_mix_has_what_a_console_shows()
    {
        var keys = Keys.ToList();
        Assert.Contains(keys, k => k.DestName == "pub" && k.DestType == EndpointType.Network);
        Assert.Contains(keys, k => k.DestName == "pvt");
        Assert.Contains(keys, k => k.SourceName == "pub" && k.Reporter == Reporter.Dst);
        Assert.Contains(keys, k => k.SourceType == EndpointType.NetworkSet);
        Assert.Contains(keys, k => k.SourceType == EndpointType.HostEndpoint && k.SourceNamespace == "-");
        Assert.Contains(keys, k => k.Action == FlowGrain.Protocol.Action.Deny);
        Assert.Contains(keys, k => k.Policies.PendingPolicies.Any(h => h.Kind == PolicyKind.StagedNetworkPolicy));
        Assert.Contains(keys, k => k.Policies.EnforcedPolicies.Any(h => h.Kind == PolicyKind.EndOfTier && h.Trigger is not null && h.RuleIndex == -1));
        Assert.Contains(keys, k => k.Policies.EnforcedPolicies.Any(h => h.Kind == PolicyKind.Profile));
        Assert.Contains(keys, k => k.Proto == "udp" && k.DestPort == 53);
        Assert.Contains(keys, k => k.DestServiceName.Length > 0 && k.DestServicePort > 0);
    }

    [Fact]
    public void Every_node_has_at_least_as_many_keys_as_it_must_report()
    {
        var model = ClusterModel.Build(new FlowGenOptions { Nodes = 3, Namespaces = 2, FlowsPerNode = 400 });
        for (var node = 0; node < 3; node++)
        {
            Assert.True(new FlowGrain.FlowGen.Traffic.NodeTraffic(model, node, 400, seed: 1).KeyCount >= 400);
        }
    }

    [Theory]
    [InlineData(51, 8, 500)]
    [InlineData(200, 2, 50)]
    public void A_cluster_with_more_nodes_than_two_replicas_cover_runs_pods_on_every_node(int nodes, int namespaces, int flows)
    {
        var model = ClusterModel.Build(new FlowGenOptions { Nodes = nodes, Namespaces = namespaces, FlowsPerNode = flows });
        var podNodes = model.Conversations.SelectMany(c => new[] { c.Source, c.Dest })
            .Where(e => e.Type == EndpointType.WorkloadEndpoint && e.Node is not null)
            .Select(e => e.Node!.Value).ToHashSet();

        Assert.Equal(nodes, podNodes.Count);
        for (var node = 0; node < nodes; node++)
        {
            Assert.True(new FlowGrain.FlowGen.Traffic.NodeTraffic(model, node, flows, seed: 1).KeyCount >= flows, $"node {node + 1}");
        }
    }
}
