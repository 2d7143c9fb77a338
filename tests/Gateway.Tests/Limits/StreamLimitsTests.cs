using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGrain.Gateway.Tests.Limits;

/// <summary>Query:MaxStreamsPerClient and Query:MaxStreams: one count of live streams, per client and per gateway, over gRPC and HTTP.</summary>
public sealed class StreamLimitsTests
{
    private static readonly Dictionary<string, string?> Limits = new()
    {
        ["Query:MaxStreams"] = "3",
        ["Query:MaxStreamsPerClient"] = "2",
    };

    [Fact]
    public async Task A_client_past_its_streams_is_refused_then_the_gateway_past_its_total_and_a_closed_stream_frees_its_place()
    {
        await using var gateway = await LimitedGateway.StartAsync(Limits);
        var open = gateway.Services.GetRequiredService<LiveStreams>();
        using var refusals = LimitedGateway.Refusals(gateway);
        using var other = LimitedGateway.ChannelFrom(gateway, "127.0.0.2");

        using var first = OpenStream(gateway.Channel);
        using var second = OpenStream(gateway.Channel);
        await Eventually.TrueAsync(() => open.Open == 2, "two streams of 127.0.0.1 open");

        var perClient = await RefusedAsync(OpenStream(gateway.Channel));
        Assert.Equal(StatusCode.ResourceExhausted, perClient.StatusCode);
        Assert.Contains("Query:MaxStreamsPerClient", perClient.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, LimitedGateway.Count(refusals, "streams_per_client"));

        using var third = OpenStream(other);
        await Eventually.TrueAsync(() => open.Open == 3, "the other client's stream open");
        var perGateway = await RefusedAsync(OpenStream(other));
        Assert.Equal(StatusCode.ResourceExhausted, perGateway.StatusCode);
        Assert.Contains("Query:MaxStreams)", perGateway.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, LimitedGateway.Count(refusals, "streams_per_gateway"));

        // SSE watch streams are counted in the same place: the gateway is full for them too.
        using var http = new HttpClient();
        var watch = await http.GetAsync($"http://127.0.0.1:{gateway.HttpPort}/whisker-backend/flows?watch=true", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, watch.StatusCode);
        Assert.Contains("Query:MaxStreams)", await watch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, LimitedGateway.Count(refusals, "streams_per_gateway"));

        first.Dispose();
        await Eventually.TrueAsync(() => open.Open == 2 && open.OpenBy("ip:127.0.0.1") == 1, "the closed stream gave its place back");
        using var again = OpenStream(gateway.Channel);
        await Eventually.TrueAsync(() => open.Open == 3, "a new stream took the freed place");
    }

    private static AsyncServerStreamingCall<FlowResult> OpenStream(GrpcChannel channel) =>
        new Flows.FlowsClient(channel).Stream(new FlowStreamRequest());

    private static async Task<RpcException> RefusedAsync(AsyncServerStreamingCall<FlowResult> call)
    {
        using (call)
        {
            var read = call.ResponseStream.MoveNext(CancellationToken.None);
            return await Assert.ThrowsAsync<RpcException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        }
    }
}
