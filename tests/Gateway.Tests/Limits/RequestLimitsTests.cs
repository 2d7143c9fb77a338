using System.Net;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Limits;

/// <summary>Page size, filter size, requests per second per client and the request timeout, on gRPC and HTTP.</summary>
public sealed class RequestLimitsTests
{
    [Fact]
    public async Task A_page_larger_than_Query_MaxPageSize_is_refused_with_a_message_and_counted_on_every_door()
    {
        await using var gateway = await LimitedGateway.StartAsync(new Dictionary<string, string?> { ["Query:MaxPageSize"] = "50" });
        using var refusals = LimitedGateway.Refusals(gateway);
        var flows = new Flows.FlowsClient(gateway.Channel);

        var list = await Assert.ThrowsAsync<RpcException>(() => flows.ListAsync(new FlowListRequest { PageSize = 51 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, list.StatusCode);
        Assert.Contains("Query:MaxPageSize", list.Status.Detail, StringComparison.Ordinal);
        var hints = await Assert.ThrowsAsync<RpcException>(() =>
            flows.FilterHintsAsync(new FilterHintsRequest { Type = FilterType.SourceNamespace, PageSize = 51 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, hints.StatusCode);

        using var http = new HttpClient();
        var api = $"http://127.0.0.1:{gateway.HttpPort}/whisker-backend";
        var httpList = await http.GetAsync($"{api}/flows?pageSize=51");
        Assert.Equal(HttpStatusCode.BadRequest, httpList.StatusCode);
        Assert.Contains("Query:MaxPageSize", await httpList.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"{api}/flows-filter-hints?type=SourceNamespace&pageSize=51")).StatusCode);

        Assert.Equal(4, LimitedGateway.Count(refusals, "page_size"));
        // At the limit, and without paging (Calico's "everything"), the query is answered.
        await flows.ListAsync(new FlowListRequest { PageSize = 50 });
        await flows.ListAsync(new FlowListRequest { PageSize = 0 });
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{api}/flows?pageSize=50")).StatusCode);
    }

    [Fact]
    public async Task A_filter_larger_than_Query_MaxFilterBytes_is_refused_with_a_message_and_counted()
    {
        await using var gateway = await LimitedGateway.StartAsync(new Dictionary<string, string?> { ["Query:MaxFilterBytes"] = "256" });
        using var refusals = LimitedGateway.Refusals(gateway);
        var flows = new Flows.FlowsClient(gateway.Channel);
        var big = new Filter { SourceNames = { Enumerable.Range(0, 40).Select(i => Exact($"name-{i:000}")) } };
        var small = new Filter { SourceNames = { Exact("one") } };

        var list = await Assert.ThrowsAsync<RpcException>(() => flows.ListAsync(new FlowListRequest { Filter = big }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, list.StatusCode);
        Assert.Contains("Query:MaxFilterBytes", list.Status.Detail, StringComparison.Ordinal);
        using (var stream = flows.Stream(new FlowStreamRequest { Filter = big }))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        }

        using var http = new HttpClient();
        var filters = "{\"source_names\":[" + string.Join(",", Enumerable.Range(0, 40).Select(i => $"{{\"value\":\"name-{i:000}\"}}")) + "]}";
        var httpList = await http.GetAsync($"http://127.0.0.1:{gateway.HttpPort}/whisker-backend/flows?filters={Uri.EscapeDataString(filters)}");
        Assert.Equal(HttpStatusCode.BadRequest, httpList.StatusCode);
        Assert.Contains("Query:MaxFilterBytes", await httpList.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(3, LimitedGateway.Count(refusals, "filter_size"));
        await flows.ListAsync(new FlowListRequest { Filter = small });
    }

    [Fact]
    public async Task A_client_past_its_request_rate_is_refused_with_retry_after_while_other_clients_and_the_collector_go_on()
    {
        await using var gateway = await LimitedGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Query:RequestsPerSecondPerClient"] = "1",
            ["Query:RequestBurstPerClient"] = "5",
        });
        using var refusals = LimitedGateway.Refusals(gateway);
        var flows = new Flows.FlowsClient(gateway.Channel);

        // The bucket starts full: the burst is answered, then at most about one call per second.
        var answered = 0;
        var refused = 0;
        for (var call = 0; call < 30; call++)
        {
            try
            {
                await flows.ListAsync(new FlowListRequest());
                answered++;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                Assert.Contains("Query:RequestsPerSecondPerClient", ex.Status.Detail, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.True(answered >= 5, $"the burst of 5 is answered (answered {answered})");
        Assert.True(refused > 0, "calls beyond the burst are refused");
        Assert.Equal(refused, LimitedGateway.Count(refusals, "requests_per_client"));

        using var http = new HttpClient();
        HttpResponseMessage limited;
        do
        {
            limited = await http.GetAsync($"http://127.0.0.1:{gateway.HttpPort}/whisker-backend/flows");
        }
        while (limited.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Contains("Query:RequestsPerSecondPerClient", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var other = LimitedGateway.ChannelFrom(gateway, "127.0.0.2");
        await new Flows.FlowsClient(other).ListAsync(new FlowListRequest());
        var ns = Names.Unique("rated");
        Assert.Equal(3, await NodeClient.ReportAsync(gateway, "node-1",
            [.. Enumerable.Range(0, 3).Select(i => Update(ns, $"src-{i}", ns, "dst", gateway.Now - 20))]));
    }

    [Fact]
    public async Task A_query_that_outlasts_Query_RequestTimeout_is_answered_DeadlineExceeded_and_504_and_counted()
    {
        var held = new HeldGrainCalls(nameof(INamespaceFlowsGrain.ListAsync));
        await using var gateway = await LimitedGateway.StartAsync(
            new Dictionary<string, string?> { ["Query:RequestTimeout"] = "00:00:01" },
            services => services.AddSingleton<IOutgoingGrainCallFilter>(held));
        try
        {
            // An owner to ask: a gateway with no owners answers without asking anyone.
            var ns = Names.Unique("slow");
            await NodeClient.ReportAsync(gateway, "node-1", Update(ns, "src", ns, "dst", gateway.Now - 20));
            await gateway.DrainAsync();
            using var refusals = LimitedGateway.Refusals(gateway);
            var list = await Assert.ThrowsAsync<RpcException>(() => new Flows.FlowsClient(gateway.Channel).ListAsync(new FlowListRequest()).ResponseAsync);
            Assert.Equal(StatusCode.DeadlineExceeded, list.StatusCode);
            Assert.Contains("Query:RequestTimeout", list.Status.Detail, StringComparison.Ordinal);

            using var http = new HttpClient();
            var httpList = await http.GetAsync($"http://127.0.0.1:{gateway.HttpPort}/whisker-backend/flows");
            Assert.Equal(HttpStatusCode.GatewayTimeout, httpList.StatusCode);
            Assert.Contains("Query:RequestTimeout", await httpList.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(2, LimitedGateway.Count(refusals, "request_timeout"));
        }
        finally
        {
            held.Release();
        }
    }
}
