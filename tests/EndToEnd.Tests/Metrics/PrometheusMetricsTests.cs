using System.Diagnostics;
using System.IO;
using System.Text.Json;
using FlowGrain.FlowGen;
using FlowGrain.FlowGen.Reporting;
using FlowGrain.Protocol;
using Grpc.Core;
using Grpc.Net.Client;

namespace FlowGrain.EndToEnd.Tests.Metrics;

/// <summary>
/// A real Prometheus scrapes a running FlowGrain while FlowGen sends known traffic: PromQL through Prometheus' API
/// returns what FlowGen sent, every received update is accounted for, and the rules and dashboard evaluate.
/// </summary>
public sealed class PrometheusMetricsTests
{
    private static readonly string MonitoringDirectory = Path.Combine(Repository.Root, "k8s", "monitoring");

    [Fact]
    public async Task Prometheus_sees_exactly_the_traffic_FlowGen_sent_and_every_update_accounted_for()
    {
        var ports = FreePorts.Take(4);
        using var gateway = TestProcess.Dotnet("run", "--no-build", "-c", Repository.Configuration, "--project", "src/Gateway", "--",
            "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={ports[0]}", $"--Gateway:HttpPort={ports[1]}",
            $"--Cluster:SiloPort={ports[2]}", $"--Cluster:GatewayPort={ports[3]}",
            "--Aggregation:Window=00:00:02", "--Aggregation:CloseDelay=00:00:01"); // windows close within the test
        await Health.WaitHealthyAsync(ports[1], gateway);
        using var prometheus = await PrometheusServer.StartAsync([$"127.0.0.1:{ports[1]}"], [Path.Combine(MonitoringDirectory, "flowgrain-alerts.yaml")]);

        var flowgen = new FlowGenerator(new FlowGenOptions
        {
            Target = $"127.0.0.1:{ports[0]}", Nodes = 3, FlowsPerNode = 30, Namespaces = 4, Interval = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(5), BadFlowsPerInterval = 2, DisconnectEvery = TimeSpan.FromMilliseconds(2500),
            Tag = "prom", Verify = true, ProgressEvery = null,
        }, TextWriter.Null);
        Assert.Equal(0, await flowgen.RunAsync(CancellationToken.None));
        await SendOneOutOfRangeFlowAsync(ports[0]);
        var ledger = flowgen.Ledger;

        var expectedBytes = ledger.Totals.GroupBy(t => $"{t.Key.SourceNamespace} {t.Key.DestNamespace}")
            .ToDictionary(g => g.Key, g => (double)g.Sum(t => t.Value.Bytes));
        var bytes = await prometheus.QueryUntilAsync("sum by (source_namespace, dest_namespace) (flowgrain_traffic_bytes_total)",
            r => Keyed(r, "source_namespace", "dest_namespace").SequenceEqual(expectedBytes.OrderBy(e => e.Key)));
        Assert.Equal(expectedBytes.OrderBy(e => e.Key), Keyed(bytes, "source_namespace", "dest_namespace"));

        var denied = await prometheus.QueryUntilAsync("sum(flowgrain_traffic_flows_total{action=\"deny\"})", r => r.Count == 1);
        Assert.Equal(ledger.FlowsByAction[FlowGrain.Protocol.Action.Deny], Assert.Single(denied).Value);

        var expectedHits = ledger.PolicyHits
            .GroupBy(h => $"{(h.Key.Kind == PolicyKind.EndOfTier ? h.Key.TriggerName : h.Key.Name)} {(h.Key.Pending ? "pending" : "enforced")}")
            .ToDictionary(g => g.Key, g => (double)g.Sum(h => h.Value));
        var hits = await prometheus.QueryAsync("sum by (name, trace) (flowgrain_policy_hits_total)");
        Assert.Equal(expectedHits.OrderBy(e => e.Key), Keyed(hits, "name", "trace"));

        var received = await prometheus.QueryUntilAsync("sum(flowgrain_flows_received_total)", r => r.Count == 1 && r[0].Value == flowgen.Stats.Sent + 1);
        Assert.Equal(flowgen.Stats.Sent + 1, Assert.Single(received).Value);
        var unaccounted = await prometheus.QueryAsync(
            "sum(flowgrain_flows_received_total) - (sum(flowgrain_flows_rejected_total) + sum(flowgrain_flows_dropped_total)" +
            " + (sum(flowgrain_flows_deduplicated_total) or vector(0)) + sum(flowgrain_traffic_flows_total))");
        Assert.Equal(0, Assert.Single(unaccounted).Value);

        var rejected = await prometheus.QueryAsync("sum by (reason) (flowgrain_flows_rejected_total)");
        Assert.Equal(["missing_key", "negative_counter"], rejected.Select(r => r.Labels["reason"]).Order(StringComparer.Ordinal));
        var dropped = await prometheus.QueryAsync("sum by (reason) (flowgrain_flows_dropped_total)");
        Assert.Equal(("out_of_range", 1.0), (Assert.Single(dropped).Labels["reason"], dropped[0].Value));
        Assert.True((await prometheus.QueryAsync("sum(flowgrain_flows_deduplicated_total)")).Single().Value > 0, "replays after the injected disconnects are deduplicated");
        Assert.Equal(0, (await prometheus.QueryAsync("sum(flowgrain_collector_streams)")).Single().Value);
        Assert.True((await prometheus.QueryAsync("sum(flowgrain_receipt_latency_seconds_count)")).Single().Value >= flowgen.Stats.Sent);
        Assert.True((await prometheus.QueryAsync("sum(flowgrain_active_owners)")).Single().Value >= 5);
        Assert.NotEmpty(await prometheus.QueryAsync("orleans_grains"));

        await AssertRulesEvaluateAsync(prometheus);
        await AssertDashboardQueriesRunAsync(prometheus);
        await AssertExpositionIsCleanAndDocumentedAsync(ports[1]);
    }

    private static async Task SendOneOutOfRangeFlowAsync(int grpcPort)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        using var call = new FlowCollector.FlowCollectorClient(channel).Connect(new Metadata { { "x-flowgrain-node", "prom-clock-skewed" } });
        var old = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 7200;
        await call.RequestStream.WriteAsync(new FlowUpdate { Flow = new Flow
        {
            Key = new FlowKey { SourceNamespace = "prom-old", SourceName = "a", DestNamespace = "prom-old", DestName = "b", Proto = "tcp", Reporter = Reporter.Src, Action = FlowGrain.Protocol.Action.Allow },
            StartTime = old, EndTime = old, BytesIn = 1,
        } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await call.RequestStream.CompleteAsync();
    }

    private static async Task AssertRulesEvaluateAsync(PrometheusServer prometheus)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        List<(string Name, string Health)> rules;
        do
        {
            using var document = await prometheus.GetJsonAsync("api/v1/rules");
            rules = [.. document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray())
                .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("health").GetString()!))];
            if (rules.Count == 5 && rules.All(r => r.Health == "ok")) return;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail("Alert rules did not all evaluate: " + string.Join(", ", rules.Select(r => $"{r.Name}={r.Health}")));
    }

    private static async Task AssertDashboardQueriesRunAsync(PrometheusServer prometheus)
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(MonitoringDirectory, "grafana-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.True(expressions.Count >= 10);
        foreach (var expression in expressions)
        {
            await prometheus.QueryAsync(expression.Replace("$__rate_interval", "1m", StringComparison.Ordinal));
        }
    }

    private static async Task AssertExpositionIsCleanAndDocumentedAsync(int httpPort)
    {
        using var http = new HttpClient();
        var exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{httpPort}/metrics"));

        var lint = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using (var promtool = Process.Start(lint)!)
        {
            await promtool.StandardInput.WriteAsync(Exposition.FlowGrainOnly(exposition));
            promtool.StandardInput.Close();
            var problems = await promtool.StandardError.ReadToEndAsync() + await promtool.StandardOutput.ReadToEndAsync();
            await promtool.WaitForExitAsync();
            Assert.True(promtool.ExitCode == 0, "promtool check metrics: " + problems);
        }

        var documented = MetricsDocument.Read();
        var exposed = Exposition.FlowGrainFamilies(exposition);
        string[] exercised =
        [
            "flowgrain_traffic_bytes_total", "flowgrain_traffic_packets_total", "flowgrain_traffic_connections_total", "flowgrain_traffic_flows_total",
            "flowgrain_policy_hits_total", "flowgrain_flows_received_total", "flowgrain_flows_rejected_total", "flowgrain_flows_dropped_total",
            "flowgrain_flows_deduplicated_total", "flowgrain_collector_streams", "flowgrain_collector_nodes", "flowgrain_receipt_latency_seconds",
            "flowgrain_ingest_batch_size", "flowgrain_grain_ingest_latency_seconds", "flowgrain_query_latency_seconds", "flowgrain_live_viewers",
            "flowgrain_feed_batches_total", "flowgrain_active_owners", "flowgrain_unique_keys", "flowgrain_window_close_duration_seconds",
        ];
        Assert.All(exercised, name => Assert.True(exposed.ContainsKey(name), $"{name} is not exposed"));
        foreach (var (name, (type, labels)) in exposed)
        {
            Assert.True(documented.TryGetValue(name, out var doc), $"{name} is exposed but not in docs/metrics.md");
            Assert.Equal((doc.Type, string.Join(",", doc.Labels)), (type, string.Join(",", labels)));
        }
    }

    private static IEnumerable<KeyValuePair<string, double>> Keyed(List<(Dictionary<string, string> Labels, double Value)> result, params string[] labels) =>
        result.ToDictionary(r => string.Join(" ", labels.Select(l => r.Labels.GetValueOrDefault(l, ""))), r => r.Value).OrderBy(e => e.Key);
}
