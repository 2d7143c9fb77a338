using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Collector;

/// <summary>Felix replays 5 minutes on every reconnect, possibly to another gateway: replays must not count twice.</summary>
public sealed class DedupTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task A_node_that_reconnects_and_replays_to_the_same_gateway_is_counted_once()
    {
        var ns = Names.Unique("replay");
        var start = Gateway.Now - 40;
        var sent = new[] { Update(ns, "a-*", ns, "b-*", start, bytesIn: 100), Update(ns, "a-*", ns, "b-*", start + 15, bytesIn: 50) };

        await NodeClient.ReportAsync(Gateway, "node-1", sent);
        await NodeClient.ReportAsync(Gateway, "node-1", [.. sent, Update(ns, "a-*", ns, "b-*", start + 30, bytesIn: 25)]);
        await Gateway.DrainAsync();

        Assert.Equal(175, await BytesInAsync(Gateway, ns));
    }

    [Fact]
    public async Task A_node_that_replays_to_another_gateway_of_the_cluster_is_counted_once()
    {
        var ns = Names.Unique("failover");
        var start = Gateway.Now - 40;
        var sent = Update(ns, "a-*", ns, "b-*", start, bytesIn: 100);
        await NodeClient.ReportAsync(Gateway, "node-1", sent);
        await Gateway.DrainAsync();

        await using var other = await GatewayHost.StartAsync(fixture.Time, joinSiloGatewayPort: Gateway.SiloGatewayPort);
        await NodeClient.ReportAsync(other, "node-1", sent, Update(ns, "a-*", ns, "b-*", start + 15, bytesIn: 1));
        await other.DrainAsync();

        Assert.Equal(101, await BytesInAsync(Gateway, ns));
        Assert.Equal(101, await BytesInAsync(other, ns));
    }

    [Fact]
    public async Task Without_a_node_name_the_peer_address_identifies_the_node_whatever_its_port()
    {
        var ns = Names.Unique("peerip");
        var update = Update(ns, "a-*", ns, "b-*", Gateway.Now - 20, bytesIn: 100);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            // A new channel is a new TCP connection from a new source port, as after a reconnect.
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{Gateway.GrpcPort}");
            using var call = new FlowCollector.FlowCollectorClient(channel).Connect();
            await call.RequestStream.WriteAsync(update);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            await call.RequestStream.CompleteAsync();
        }

        await Gateway.DrainAsync();
        Assert.Equal(100, await BytesInAsync(Gateway, ns));
    }

    [Fact]
    public async Task Two_nodes_reporting_the_same_key_are_summed()
    {
        var ns = Names.Unique("twonodes");
        var start = Gateway.Now - 20;
        await NodeClient.ReportAsync(Gateway, "node-1", Update(ns, "a-*", ns, "b-*", start, bytesIn: 100));
        await NodeClient.ReportAsync(Gateway, "node-2", Update(ns, "a-*", ns, "b-*", start, bytesIn: 100));
        await Gateway.DrainAsync();

        Assert.Equal(200, await BytesInAsync(Gateway, ns));
    }

    [Fact]
    public async Task A_node_that_flushes_more_often_than_the_window_has_every_interval_counted()
    {
        var ns = Names.Unique("fastflush");
        var window = (Gateway.Now / 15 * 15) - 15;
        var intervals = Enumerable.Range(0, 3).Select(i => Update(ns, "a-*", ns, "b-*", window + (5 * i), bytesIn: 10)).ToArray();
        await NodeClient.ReportAsync(Gateway, "node-1", intervals);
        await Gateway.DrainAsync();

        Assert.Equal(30, await BytesInAsync(Gateway, ns));
    }

    private static async Task<long> BytesInAsync(GatewayHost gateway, string ns)
    {
        var result = await new Flows.FlowsClient(gateway.Channel).ListAsync(new FlowListRequest { Filter = new Filter { SourceNamespaces = { Exact(ns) } } });
        return result.Flows.Sum(f => f.Flow.BytesIn);
    }
}
