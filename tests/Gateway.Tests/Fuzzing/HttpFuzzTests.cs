using System.Net;
using System.Text.Json;
using CsCheck;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Gateway.Tests.Limits;
using FlowGrain.Tests.Support.Fuzzing;
using Xunit.Abstractions;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Fuzzing;

/// <summary>
/// Random query strings and filter JSON at /whisker-backend/flows and /flows-filter-hints, and random console URLs
/// (the page shell): never a 5xx, every 400 a JSON error with a message, every 200 the API's shape.
/// </summary>
[Collection(FuzzRuns.Name)]
public sealed class HttpFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Parameters = ["watch", "startTimeGte", "startTimeLt", "sortBy", "filters", "page", "pageSize", "type"];

    private static readonly string[] ConsoleParameters = ["filters", "range", "until", "startTimeGte", "startTimeLt", "view", "tab"];

    private enum Door { Flows, FilterHints, Console }

    [Fact]
    public async Task Hostile_query_strings_never_get_a_server_error_and_every_refusal_says_why()
    {
        await using var gateway = await LimitedGateway.StartAsync(LimitedGateway.Unthrottled);
        var ns = Names.Unique("fuzzhttp");
        Assert.Equal(5, await NodeClient.ReportAsync(gateway, "node-1",
            [.. Enumerable.Range(0, 5).Select(i => Update(ns, $"src-{i}", ns, "dst", gateway.Now - 20))]));
        await gateway.DrainAsync();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.HttpPort}"), Timeout = FuzzBudget.CallDeadline };
        var statuses = new Dictionary<HttpStatusCode, int>();
        var requests = Gen.Frequency(
            (3, HostileQueries.Parameters(Parameters).Select(p => (Door.Flows, "/whisker-backend/flows" + HostileQueries.QueryString(p)))),
            (2, HostileQueries.Parameters(Parameters).Select(p => (Door.FilterHints, "/whisker-backend/flows-filter-hints" + HostileQueries.QueryString(p)))),
            (1, HostileQueries.Parameters(ConsoleParameters).Select(p => (Door.Console, "/" + HostileQueries.QueryString(p)))));

        var managedBefore = FuzzChecks.ManagedBytes();
        await requests.SampleAsync(async request =>
        {
            var (door, url) = request;
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            lock (statuses) statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {url}");
            if (door == Door.Console || response.Content.Headers.ContentType?.MediaType == "text/event-stream") return;

            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                using var error = JsonDocument.Parse(body);
                Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("error").GetString()), $"a 400 without a message for {url}");
            }
            else if (response.StatusCode == HttpStatusCode.OK)
            {
                using var answer = JsonDocument.Parse(body);
                Assert.Equal(JsonValueKind.Array, answer.RootElement.GetProperty("items").ValueKind);
                Assert.True(answer.RootElement.GetProperty("total").GetProperty("totalResults").GetInt64() >= 0);
            }
        }, writeLine: output.WriteLine, time: FuzzBudget.Seconds, threads: 1);

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}")));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 0 && statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 0,
            "the fuzzer reached both answers and refusals");
        using var flows = JsonDocument.Parse(await http.GetStringAsync(
            "/whisker-backend/flows?filters=" + Uri.EscapeDataString($$"""{"source_namespaces":[{"value":"{{ns}}","type":"Exact"}]}""")));
        Assert.Equal(5, flows.RootElement.GetProperty("total").GetProperty("totalResults").GetInt64());
        await FuzzChecks.StillHealthyAsync(gateway, managedBefore);
    }
}
