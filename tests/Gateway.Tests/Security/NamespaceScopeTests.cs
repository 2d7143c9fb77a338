using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using FlowGrain.Gateway.Security;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>
/// Bearer mode through every door of the gateway: no token, no answer; a token for namespaces A and B never yields
/// a flow, hint, statistic or stream row that belongs only to C and D, and its totals count only what it may see.
/// </summary>
public sealed class NamespaceScopeTests(ScopedDataset data) : IClassFixture<ScopedDataset>, IDisposable
{
    private static readonly TimeSpan UntilClosed = TimeSpan.FromSeconds(15 + 20 + 1);

    private readonly HttpClient _http = new();

    private GatewayHost Gateway => data.Gateway;

    private Flows.FlowsClient Flows => new(Gateway.Channel);

    [Fact]
    public async Task Without_a_valid_token_the_gRPC_query_APIs_answer_Unauthenticated_with_a_reason()
    {
        foreach (var headers in new[] { null, ScopedDataset.Bearer("not-a-token-of-this-gateway") })
        {
            var list = await Assert.ThrowsAsync<RpcException>(() => Flows.ListAsync(new FlowListRequest(), headers).ResponseAsync);
            var hints = await Assert.ThrowsAsync<RpcException>(() => Flows.FilterHintsAsync(new FilterHintsRequest(), headers).ResponseAsync);
            var stream = await Assert.ThrowsAsync<RpcException>(() => Flows.Stream(new FlowStreamRequest(), headers).ResponseStream.MoveNext());
            var statistics = await Assert.ThrowsAsync<RpcException>(() =>
                new Statistics.StatisticsClient(Gateway.Channel).List(new StatisticsRequest(), headers).ResponseStream.MoveNext());
            foreach (var refused in new[] { list, hints, stream, statistics })
            {
                Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
                Assert.Contains(headers is null ? "Authorization: Bearer" : "not accepted", refused.Status.Detail, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("/whisker-backend/flows")]
    [InlineData("/whisker-backend/flows?watch=true")]
    [InlineData("/whisker-backend/flows-filter-hints?type=FilterTypeSourceNamespace")]
    [InlineData("/metrics")]
    public async Task Without_a_valid_token_the_HTTP_API_answers_401_with_a_reason(string path)
    {
        foreach (var token in new[] { null, "not-a-token-of-this-gateway" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Health_answers_probes_without_a_token_and_the_console_sends_browsers_to_sign_in()
    {
        using var health = await _http.GetAsync(Url("/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var page = await noRedirects.GetAsync(Url("/?view=history"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(SignInEndpoints.Path, page.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task List_over_gRPC_shows_only_flows_with_an_end_in_the_tokens_namespaces_and_counts_only_those()
    {
        var team = await Flows.ListAsync(new FlowListRequest { StartTimeGte = data.Window - 60, StartTimeLt = data.Window + 15 }, ScopedDataset.Bearer(ScopedDataset.TeamToken));
        Assert.Equal(ScopedDataset.Visible, Sources(team.Flows));
        Assert.Equal(3, team.Meta.TotalResults);

        var paged = await Flows.ListAsync(new FlowListRequest { StartTimeGte = data.Window - 60, StartTimeLt = data.Window + 15, PageSize = 2, Page = 1 }, ScopedDataset.Bearer(ScopedDataset.TeamToken));
        Assert.Equal(2, paged.Meta.TotalPages);
        Assert.Single(paged.Flows);

        var admin = await Flows.ListAsync(new FlowListRequest { StartTimeGte = data.Window - 60, StartTimeLt = data.Window + 15 }, ScopedDataset.Bearer(ScopedDataset.AdminToken));
        Assert.Equal([.. ScopedDataset.Visible, .. ScopedDataset.Hidden], Sources(admin.Flows).Where(s => s.Length == 2).Order());
    }

    [Fact]
    public async Task A_filter_cannot_widen_the_scope_it_only_narrows_inside_it()
    {
        var onlyC = new Filter { SourceNamespaces = { Exact(data.C) } };
        var team = await Flows.ListAsync(new FlowListRequest { StartTimeGte = data.Window - 60, StartTimeLt = data.Window + 15, Filter = onlyC }, ScopedDataset.Bearer(ScopedDataset.TeamToken));
        Assert.Equal(["c2"], Sources(team.Flows));
    }

    [Fact]
    public async Task Filter_hints_over_gRPC_and_HTTP_come_only_from_visible_flows()
    {
        var grpc = await Flows.FilterHintsAsync(new FilterHintsRequest { Type = FilterType.SourceName, StartTimeGte = data.Window - 60, StartTimeLt = data.Window + 15 },
            ScopedDataset.Bearer(ScopedDataset.TeamToken));
        Assert.Equal(ScopedDataset.Visible, grpc.Hints.Select(h => h.Value).Order());

        using var http = await GetAsync($"/whisker-backend/flows-filter-hints?type=FilterTypeSourceName&{DatasetRange}", ScopedDataset.TeamToken);
        Assert.Equal(ScopedDataset.Visible, Values(http, "value").Order());

        // The other end of a visible flow is shown whole (one rule): C appears as B's destination and c2's source.
        var namespaces = await Flows.FilterHintsAsync(new FilterHintsRequest { Type = FilterType.DestNamespace, StartTimeGte = data.Window - 60, StartTimeLt = data.Window + 15 },
            ScopedDataset.Bearer(ScopedDataset.TeamToken));
        Assert.Equal(new[] { data.A, data.C }.Order(), namespaces.Hints.Select(h => h.Value).Order());
    }

    [Fact]
    public async Task Statistics_count_only_policies_of_visible_flows()
    {
        using var call = new Statistics.StatisticsClient(Gateway.Channel).List(
            new StatisticsRequest { Type = StatisticType.PacketCount, GroupBy = StatisticsGroupBy.Policy, StartTimeGte = data.Window - 60, StartTimeLt = data.Window + 15 },
            ScopedDataset.Bearer(ScopedDataset.TeamToken));
        var policies = new List<string>();
        await foreach (var result in call.ResponseStream.ReadAllAsync()) policies.Add(result.Policy.Name);
        Assert.Equal(ScopedDataset.Visible.Select(s => "pol-" + s), policies.Order());
    }

    [Fact]
    public async Task The_HTTP_list_is_scoped_and_its_totals_count_only_what_the_token_sees()
    {
        using var body = await GetAsync($"/whisker-backend/flows?{DatasetRange}", ScopedDataset.TeamToken);
        Assert.Equal(ScopedDataset.Visible, body.RootElement.GetProperty("items").EnumerateArray()
            .Select(f => f.GetProperty("source_name").GetString()!).Order());
        Assert.Equal(3, body.RootElement.GetProperty("total").GetProperty("totalResults").GetInt64());
    }

    [Fact]
    public async Task Streams_over_gRPC_and_Server_Sent_Events_carry_only_visible_rows()
    {
        var headers = ScopedDataset.Bearer(ScopedDataset.TeamToken);
        using var grpc = Flows.Stream(new FlowStreamRequest { StartTimeGte = data.Window - 60 }, headers);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScopedDataset.TeamToken);
        await using var sse = await SseReader.OpenAsync(_http, Url($"/whisker-backend/flows?watch=true&startTimeGte={data.Window - 60 - Gateway.Now}").ToString());

        // A marker in A, one window later, closes after every row of the dataset's window has been sent.
        var next = data.Window + 15;
        await NodeClient.ReportAsync(Gateway, "node-1", Update(data.A, "marker", data.A, "a2", next + 1));
        await Gateway.DrainAsync();
        data.Time.Advance(UntilClosed + TimeSpan.FromSeconds(15));

        var grpcRows = new List<string>();
        while (await grpc.ResponseStream.MoveNext(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            grpcRows.Add(grpc.ResponseStream.Current.Flow.Key.SourceName);
            if (grpcRows[^1] == "marker") break;
        }

        var sseRows = new List<string>();
        while (true)
        {
            var message = await sse.NextAsync(TimeSpan.FromSeconds(30));
            if (message.Name != "message") continue;
            using var row = JsonDocument.Parse(message.Data);
            sseRows.Add(row.RootElement.GetProperty("source_name").GetString()!);
            if (sseRows[^1] == "marker") break;
        }

        foreach (var rows in new[] { grpcRows, sseRows })
        {
            Assert.Equal([.. ScopedDataset.Visible, "marker"], rows.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Metrics_with_every_namespaces_labels_need_a_token_for_all_namespaces()
    {
        using var forbidden = await SendAsync("/metrics", ScopedDataset.TeamToken);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var allowed = await SendAsync("/metrics", ScopedDataset.AdminToken);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_token_removed_from_the_file_stops_working_without_a_restart()
    {
        const string Leaving = "leaving-token-0123456789";
        data.WriteTokens((ScopedDataset.TeamToken, "team", [data.A, data.B]), (ScopedDataset.AdminToken, "admin", ["*"]), (Leaving, "leaving", [data.A]));
        var store = Gateway.Services.GetRequiredService<TokenStore>();
        store.Check();
        using (var before = await SendAsync("/whisker-backend/flows", Leaving))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        data.WriteTokens((ScopedDataset.TeamToken, "team", [data.A, data.B]), (ScopedDataset.AdminToken, "admin", ["*"]));
        store.Check();
        using var after = await SendAsync("/whisker-backend/flows", Leaving);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    public void Dispose() => _http.Dispose();

    private static string[] Sources(IEnumerable<FlowResult> flows) => [.. flows.Select(f => f.Flow.Key.SourceName).Order(StringComparer.Ordinal)];

    private static IEnumerable<string> Values(JsonDocument body, string property) =>
        body.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty(property).GetString()!);

    /// <summary>The dataset's window only (other tests add later windows).</summary>
    private string DatasetRange => $"startTimeGte={data.Window - 60}&startTimeLt={data.Window + 15}";

    private Uri Url(string path) => new($"http://127.0.0.1:{Gateway.HttpPort}{path}");

    private async Task<HttpResponseMessage> SendAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    private async Task<JsonDocument> GetAsync(string path, string token)
    {
        using var response = await SendAsync(path, token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
