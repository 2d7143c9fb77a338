using FlowGrain.FlowGen.Model;
using FlowGrain.FlowGen.Traffic;

namespace FlowGrain.FlowGen.Tests;

/// <summary>A node flushes its configured number of flows, one per key, stamped like Felix stamps them.</summary>
public sealed class NodeTrafficTests
{
    private static readonly ClusterModel Model = ClusterModel.Build(new FlowGenOptions { Nodes = 3, Namespaces = 4, FlowsPerNode = 20 });

    [Fact]
    public void One_interval_has_the_configured_number_of_distinct_keys_with_both_times_at_its_start()
    {
        var flows = new NodeTraffic(Model, 0, 20, seed: 3).NextInterval(1_700_000_000);

        Assert.Equal(20, flows.Count);
        Assert.Equal(20, flows.Select(f => f.Key.ToString()).Distinct().Count());
        Assert.All(flows, f => Assert.Equal((1_700_000_000L, 1_700_000_000L), (f.StartTime, f.EndTime)));
    }

    [Fact]
    public void Counters_are_never_negative_and_denied_flows_carry_no_inbound_packets()
    {
        var traffic = new NodeTraffic(Model, 1, 20, seed: 5);
        var flows = Enumerable.Range(0, 10).SelectMany(i => traffic.NextInterval(1_700_000_000 + (15 * i))).ToList();

        Assert.All(flows, f => Assert.True(f.BytesIn >= 0 && f.BytesOut >= 0 && f.PacketsIn >= 0 && f.PacketsOut >= 0 && f.NumConnectionsLive >= 0));
        Assert.All(flows.Where(f => f.Key.Action == FlowGrain.Protocol.Action.Deny && f.Key.Reporter == FlowGrain.Protocol.Reporter.Src), f => Assert.Equal(0, f.PacketsIn));
    }

    [Fact]
    public void Intervals_rotate_through_all_of_the_nodes_keys()
    {
        var traffic = new NodeTraffic(Model, 2, 5, seed: 1);
        var seen = new HashSet<string>();
        for (var i = 0; i < traffic.KeyCount; i++) seen.UnionWith(traffic.NextInterval(1_700_000_000 + i).Select(f => f.Key.ToString()));

        Assert.Equal(traffic.KeyCount, seen.Count);
    }
}
