using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Google.Protobuf;
using Grpc.Core;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Limits;

/// <summary>Collector:MaxStreamsPerNode and Gateway:MaxMessageBytes on the collector: refused, counted, and nothing accepted lost.</summary>
public sealed class CollectorLimitsTests
{
    [Fact]
    public async Task A_node_past_its_collector_streams_is_refused_and_can_connect_again_once_one_closes()
    {
        await using var gateway = await LimitedGateway.StartAsync(new Dictionary<string, string?> { ["Collector:MaxStreamsPerNode"] = "2" });
        using var refusals = LimitedGateway.Refusals(gateway);
        var ns = Names.Unique("pernode");
        var start = gateway.Now - 20;

        var first = new NodeClient(gateway.Channel, "node-a");
        await using var second = new NodeClient(gateway.Channel, "node-a");
        Assert.Equal(1, await first.SendAsync(Update(ns, "first", ns, "dst", start)));
        Assert.Equal(1, await second.SendAsync(Update(ns, "second", ns, "dst", start)));

        using (var third = RawCalls.Connect(gateway.Channel, "node-a"))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Contains("Collector:MaxStreamsPerNode", refused.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(1, LimitedGateway.Count(refusals, "collector_streams_per_node"));
        // Another node is not affected; and once node-a closes a stream it may open one again.
        Assert.Equal(1, await NodeClient.ReportAsync(gateway, "node-b", Update(ns, "other-node", ns, "dst", start)));
        await first.DisposeAsync();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return await NodeClient.ReportAsync(gateway, "node-a", Update(ns, "again", ns, "dst", start)) == 1;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        }, "node-a connects again");

        await gateway.DrainAsync();
        Assert.Equal(["again", "first", "other-node", "second"], await SourcesAsync(gateway, ns));
    }

    [Fact]
    public async Task A_collector_message_over_Gateway_MaxMessageBytes_ends_that_stream_with_ResourceExhausted_and_keeps_what_was_answered()
    {
        await using var gateway = await LimitedGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:MaxMessageBytes"] = "2048" });
        using var refusals = LimitedGateway.Refusals(gateway);
        var ns = Names.Unique("msgsize");
        var start = gateway.Now - 20;

        using var call = RawCalls.Connect(gateway.Channel, "node-a");
        await call.RequestStream.WriteAsync(Update(ns, "before", ns, "dst", start).ToByteArray());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var huge = Update(ns, "huge", ns, "dst", start);
        huge.Flow.SourceLabels.Add(new string('x', 4096));
        await call.RequestStream.WriteAsync(huge.ToByteArray());
        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);

        await Eventually.TrueAsync(() => LimitedGateway.Count(refusals, "message_size") == 1, "the refusal is counted");
        Assert.Equal(1, await NodeClient.ReportAsync(gateway, "node-a", Update(ns, "after", ns, "dst", start)));
        await gateway.DrainAsync();
        Assert.Equal(["after", "before"], await SourcesAsync(gateway, ns));
    }

    private static async Task<string[]> SourcesAsync(GatewayHost gateway, string ns) =>
        [.. (await new Flows.FlowsClient(gateway.Channel).ListAsync(new FlowListRequest
        {
            Filter = new Filter { SourceNamespaces = { Exact(ns) } },
        })).Flows.Select(f => f.Flow.Key.SourceName).Order(StringComparer.Ordinal)];
}
