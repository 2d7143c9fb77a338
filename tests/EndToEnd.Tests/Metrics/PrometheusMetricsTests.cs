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

    /// <summary>Every family this test's traffic makes a standalone gateway export.</summary>
    private static readonly string[] Exercised =
    [
        "flowgrain_traffic_bytes_total", "flowgrain_traffic_packets_total", "flowgrain_traffic_connections_total", "flowgrain_traffic_flows_total",
        "flowgrain_policy_hits_total", "flowgrain_flows_received_total", "flowgrain_flows_rejected_total", "flowgrain_flows_dropped_total",
        "flowgrain_flows_deduplicated_total", "flowgrain_collector_streams", "flowgrain_collector_nodes", "flowgrain_receipt_latency_seconds",
        "flowgrain_ingest_batch_size", "flowgrain_grain_ingest_latency_seconds", "flowgrain_query_latency_seconds", "flowgrain_live_viewers",
        "flowgrain_feed_batches_total", "flowgrain_active_owners", "flowgrain_unique_keys", "flowgrain_window_close_duration_seconds",
        "flowgrain_flows_late_total", "flowgrain_live_streams", "flowgrain_retained_flows", "flowgrain_flows_resent_total",
        "flowgrain_checkpoint_duration_seconds", "flowgrain_checkpoint_bytes_total", "flowgrain_owner_restore_duration_seconds",
        "flowgrain_limit_refusals_total", "flowgrain_owner_flows_total",
    ];

    /// <summary>Families that appear only once what they count has happened, each shown by its own test.</summary>
    private static readonly string[] Conditional =
    [
        "flowgrain_metrics_folded_total", // Gateway.Tests: CardinalityCapTests
        "flowgrain_checkpoint_failures_total", // Grains.Tests: CheckpointFailureTests
        "flowgrain_client_certificates_rejected_total", // Gateway.Tests: MutualTlsTests (with Tls:ClientCaFile only)
        "flowgrain_certificate_reloads_total", // Gateway.Tests: MutualTlsTests (with Tls:CertificateFile only)
    ];

    [Fact]
    public async Task Prometheus_sees_exactly_the_traffic_FlowGen_sent_and_every_update_accounted_for()
    {
        var ports = FreePorts.Take(4);
        using var gateway = TestProcess.Program("src/Gateway",
            "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={ports[0]}", $"--Gateway:HttpPort={ports[1]}",
            $"--Cluster:SiloPort={ports[2]}", $"--Cluster:GatewayPort={ports[3]}",
            "--Aggregation:Window=00:00:02", "--Aggregation:CloseDelay=00:00:01"); // windows close within the test
        await Health.WaitReadyAsync(ports[1], gateway);
        using var prometheus = await PrometheusServer.StartAsync([$"127.0.0.1:{ports[1]}"], [Path.Combine(MonitoringDirectory, "flowgrain-alerts.yaml")]);
        // The alerts rate counters: Prometheus must hold their zero before the first rejection, or it never sees them rise.
        await prometheus.QueryUntilAsync("sum(flowgrain_flows_rejected_total)", r => r.Count == 1 && r[0].Value == 0);

        var flowgen = new FlowGenerator(new FlowGenOptions
        {
            Target = $"127.0.0.1:{ports[0]}", Nodes = 3, FlowsPerNode = 30, Namespaces = 4, Interval = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(5), BadFlowsPerInterval = 2, DisconnectEvery = TimeSpan.FromMilliseconds(2500),
            Tag = "prom", Verify = true, ProgressEvery = null,
        }, TextWriter.Null);
        Assert.Equal(0, await flowgen.RunAsync(CancellationToken.None));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await SendOneFlowAsync(ports[0], "prom-clock-skewed", "prom-old", "prom-old", startTime: now - 7200); // out of range: dropped
        await SendOneFlowAsync(ports[0], "prom-slow-node", "prom-frontend", "prom-late", startTime: now - 12); // its window has closed: late
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var watch = await OpenWatchAsync(http, ports[1]);
        var ledger = flowgen.Ledger;

        var expectedBytes = ledger.Totals.GroupBy(t => $"{t.Key.SourceNamespace} {t.Key.DestNamespace}")
            .ToDictionary(g => g.Key, g => (double)g.Sum(t => t.Value.Bytes));
        expectedBytes["prom-frontend prom-late"] = 1;
        var bytes = await prometheus.QueryUntilAsync("sum by (source_namespace, dest_namespace) (flowgrain_traffic_bytes_total)",
            r => Keyed(r, "source_namespace", "dest_namespace").SequenceEqual(expectedBytes.OrderBy(e => e.Key)));
        Assert.Equal(expectedBytes.OrderBy(e => e.Key), Keyed(bytes, "source_namespace", "dest_namespace"));

        var denied = await prometheus.QueryUntilAsync("sum(flowgrain_traffic_flows_total{action=\"deny\"})", r => r.Count == 1);
        Assert.Equal(ledger.FlowsByAction[FlowGrain.Protocol.Action.Deny], Assert.Single(denied).Value);

        var expectedHits = ledger.PolicyHits
            .GroupBy(h => $"{(h.Key.Kind == PolicyKind.EndOfTier ? h.Key.TriggerName : h.Key.Name)} {(h.Key.Pending ? "pending" : "enforced")}")
            .ToDictionary(g => g.Key, g => (double)g.Sum(h => h.Value));
        var hits = await prometheus.QueryUntilAsync("sum by (name, trace) (flowgrain_policy_hits_total)",
            r => Keyed(r, "name", "trace").SequenceEqual(expectedHits.OrderBy(e => e.Key)));
        Assert.Equal(expectedHits.OrderBy(e => e.Key), Keyed(hits, "name", "trace"));

        var received = await prometheus.QueryUntilAsync("sum(flowgrain_flows_received_total)", r => r.Count == 1 && r[0].Value == flowgen.Stats.Sent + 2);
        Assert.Equal(flowgen.Stats.Sent + 2, Assert.Single(received).Value);
        var unaccounted = await prometheus.QueryUntilAsync(
            "sum(flowgrain_flows_received_total) - (sum(flowgrain_flows_rejected_total) + sum(flowgrain_flows_dropped_total)" +
            " + sum(flowgrain_flows_deduplicated_total) + sum(flowgrain_traffic_flows_total))", r => r.Count == 1 && r[0].Value == 0);
        Assert.Equal(0, Assert.Single(unaccounted).Value);
        var ownerGap = await prometheus.QueryUntilAsync("sum(flowgrain_owner_flows_total) - sum(flowgrain_traffic_flows_total)", r => r.Count == 1 && r[0].Value == 0);
        Assert.Equal(0, Assert.Single(ownerGap).Value); // every counted flow is counted once, under its owner
        Assert.True((await prometheus.QueryAsync("count(flowgrain_owner_flows_total)")).Single().Value >= 5, "one series per owner namespace");

        var rejected = await prometheus.QueryAsync("sum by (reason) (flowgrain_flows_rejected_total) > 0");
        Assert.Equal(["missing_key", "negative_counter"], rejected.Select(r => r.Labels["reason"]).Order(StringComparer.Ordinal));
        var dropped = await prometheus.QueryAsync("sum by (reason) (flowgrain_flows_dropped_total) > 0");
        Assert.Equal(("out_of_range", 1.0), (Assert.Single(dropped).Labels["reason"], dropped[0].Value));
        Assert.True((await prometheus.QueryAsync("sum(flowgrain_flows_deduplicated_total)")).Single().Value > 0, "replays after the injected disconnects are deduplicated");
        Assert.Equal(0, (await prometheus.QueryUntilAsync("sum(flowgrain_collector_streams)", r => r.Count == 1 && r[0].Value == 0)).Single().Value);
        Assert.True((await prometheus.QueryAsync("sum(flowgrain_receipt_latency_seconds_count)")).Single().Value >= flowgen.Stats.Sent);
        Assert.True((await prometheus.QueryAsync("sum(flowgrain_active_owners)")).Single().Value >= 5);
        Assert.True((await prometheus.QueryUntilAsync("sum(flowgrain_flows_late_total)", r => r.Count == 1 && r[0].Value >= 1)).Single().Value >= 1,
            "the slow node's flow is counted late");
        Assert.Equal(1, (await prometheus.QueryUntilAsync("sum(flowgrain_live_streams{api=\"sse\"})", r => r.Count == 1 && r[0].Value == 1)).Single().Value);
        Assert.NotEmpty(await prometheus.QueryAsync("orleans_grains"));

        await AssertRulesEvaluateAsync(prometheus);
        await AssertDashboardQueriesRunAsync(prometheus);
        await ExpositionChecks.AssertCleanAndDocumentedAsync(ports[1], Exercised);
        AssertEveryDocumentedMetricIsExercisedOrConditional();
    }

    /// <summary>One Allow flow of one byte from a node of its own, as Felix would send it.</summary>
    private static async Task SendOneFlowAsync(int grpcPort, string node, string sourceNamespace, string destNamespace, long startTime)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        using var call = new FlowCollector.FlowCollectorClient(channel).Connect(new Metadata { { "x-flowgrain-node", node } });
        await call.RequestStream.WriteAsync(new FlowUpdate { Flow = new Flow
        {
            Key = new FlowKey { SourceNamespace = sourceNamespace, SourceName = "a", DestNamespace = destNamespace, DestName = "b", Proto = "tcp", Reporter = Reporter.Src, Action = FlowGrain.Protocol.Action.Allow },
            StartTime = startTime, EndTime = startTime, BytesIn = 1,
        } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await call.RequestStream.CompleteAsync();
    }

    /// <summary>Opens an HTTP watch stream and reads its first bytes, so the gateway counts it as a live stream.</summary>
    private static async Task<Stream> OpenWatchAsync(HttpClient http, int httpPort)
    {
        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/whisker-backend/flows?watch=true"), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStreamAsync();
    }

    /// <summary>Every documented alert evaluates, and the ones this test's bad input should trip are active.</summary>
    private static async Task AssertRulesEvaluateAsync(PrometheusServer prometheus)
    {
        string[] alerts = ["FlowGrainDeniedTrafficSpike", "FlowGrainDroppingFlows", "FlowGrainNoReports", "FlowGrainNodesStoppedReporting", "FlowGrainRejectingFlows"];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        List<(string Name, string Health)> rules;
        List<string> active;
        do
        {
            using (var document = await prometheus.GetJsonAsync("api/v1/rules"))
            {
                rules = [.. document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                    .SelectMany(g => g.GetProperty("rules").EnumerateArray())
                    .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("health").GetString()!))];
            }

            using (var document = await prometheus.GetJsonAsync("api/v1/alerts"))
            {
                active = [.. document.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
                    .Select(a => (Labels: a.GetProperty("labels"), State: a.GetProperty("state").GetString()))
                    .Select(a => $"{a.Labels.GetProperty("alertname").GetString()} {(a.Labels.TryGetProperty("reason", out var reason) ? reason.GetString() : "-")} {a.State}")
                    .Order(StringComparer.Ordinal)];
            }

            // FlowGrainNoReports may be pending in the first seconds, before Prometheus has two samples to rate; it must clear.
            string[] expected = ["FlowGrainDroppingFlows out_of_range firing", "FlowGrainRejectingFlows missing_key pending", "FlowGrainRejectingFlows negative_counter pending"];
            var healthy = rules.Select(r => r.Name).Order(StringComparer.Ordinal).SequenceEqual(alerts) && rules.All(r => r.Health == "ok");
            if (healthy && active.SequenceEqual(expected)) return;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Rules: {string.Join(", ", rules.Select(r => $"{r.Name}={r.Health}"))}; active alerts: {string.Join(", ", active)}");
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

    private static void AssertEveryDocumentedMetricIsExercisedOrConditional() =>
        Assert.Equal(MetricsDocument.Read().Keys.Order(StringComparer.Ordinal), Exercised.Concat(Conditional).Order(StringComparer.Ordinal));

    private static IEnumerable<KeyValuePair<string, double>> Keyed(List<(Dictionary<string, string> Labels, double Value)> result, params string[] labels) =>
        result.ToDictionary(r => string.Join(" ", labels.Select(l => r.Labels.GetValueOrDefault(l, ""))), r => r.Value).OrderBy(e => e.Key);
}
