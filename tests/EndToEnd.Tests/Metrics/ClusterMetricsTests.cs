using System.IO;
using FlowGrain.FlowGen;

namespace FlowGrain.EndToEnd.Tests.Metrics;

/// <summary>
/// A cluster as operators run it: a silo process and two client gateways, all scraped by one real Prometheus. The
/// silo exports the traffic it aggregated, each gateway what it received; sums over the cluster are exact.
/// </summary>
public sealed class ClusterMetricsTests
{
    private static readonly string[] SiloFamilies =
    [
        "flowgrain_traffic_bytes_total", "flowgrain_traffic_packets_total", "flowgrain_traffic_connections_total", "flowgrain_traffic_flows_total",
        "flowgrain_policy_hits_total", "flowgrain_active_owners", "flowgrain_unique_keys", "flowgrain_window_close_duration_seconds",
    ];

    private static readonly string[] GatewayFamilies =
    [
        "flowgrain_flows_received_total", "flowgrain_collector_nodes", "flowgrain_receipt_latency_seconds", "flowgrain_ingest_batch_size",
        "flowgrain_grain_ingest_latency_seconds",
    ];

    [Fact]
    public async Task Totals_summed_over_the_silo_and_two_gateways_equal_what_FlowGen_sent_to_both()
    {
        var ports = FreePorts.Take(7);
        string[] cluster = ["--Cluster:ClusterId=e2e-metrics", $"--Cluster:SiloPort={ports[0]}", $"--Cluster:GatewayPort={ports[1]}",
            "--Aggregation:Window=00:00:02", "--Aggregation:CloseDelay=00:00:01"];
        using var silo = ClusterProcesses.Silo(ports[2], cluster);
        await Health.WaitReadyAsync(ports[2], silo);
        using var gatewayA = ClusterProcesses.ClientGateway(ports[3], ports[4], cluster);
        using var gatewayB = ClusterProcesses.ClientGateway(ports[5], ports[6], cluster);
        await Health.WaitReadyAsync(ports[4], gatewayA);
        await Health.WaitReadyAsync(ports[6], gatewayB);
        using var prometheus = await PrometheusServer.StartAsync([$"127.0.0.1:{ports[2]}", $"127.0.0.1:{ports[4]}", $"127.0.0.1:{ports[6]}"], []);

        // Nodes of one simulated cluster split over the two gateways, as a load balancer would.
        var toA = FlowGenTo(ports[3], "cma");
        var toB = FlowGenTo(ports[5], "cmb");
        var exitCodes = await Task.WhenAll(toA.RunAsync(CancellationToken.None), toB.RunAsync(CancellationToken.None));
        Assert.Equal([0, 0], exitCodes);

        var expectedBytes = toA.Ledger.Totals.Concat(toB.Ledger.Totals).GroupBy(t => t.Key.SourceNamespace + " " + t.Key.DestNamespace)
            .ToDictionary(g => g.Key, g => (double)g.Sum(t => t.Value.Bytes));
        var bytes = await prometheus.QueryUntilAsync("sum by (source_namespace, dest_namespace) (flowgrain_traffic_bytes_total)",
            r => Keyed(r).SequenceEqual(expectedBytes.OrderBy(e => e.Key)));
        Assert.Equal(expectedBytes.OrderBy(e => e.Key), Keyed(bytes));

        var sent = toA.Stats.Sent + toB.Stats.Sent;
        var receivedByProcess = await prometheus.QueryUntilAsync("sum by (instance) (flowgrain_flows_received_total)",
            r => r.Sum(s => s.Value) == sent);
        Assert.Equal(new[] { $"127.0.0.1:{ports[4]}", $"127.0.0.1:{ports[6]}" }.Order(StringComparer.Ordinal),
            receivedByProcess.Select(r => r.Labels["instance"]).Order(StringComparer.Ordinal));
        Assert.All(receivedByProcess, r => Assert.True(r.Value > 0));
        var unaccounted = await prometheus.QueryUntilAsync(
            "sum(flowgrain_flows_received_total) - ((sum(flowgrain_flows_rejected_total) or vector(0)) + (sum(flowgrain_flows_dropped_total) or vector(0))" +
            " + (sum(flowgrain_flows_deduplicated_total) or vector(0)) + sum(flowgrain_traffic_flows_total))", r => r.Count == 1 && r[0].Value == 0);
        Assert.Equal(0, Assert.Single(unaccounted).Value);

        var trafficByInstance = await prometheus.QueryAsync("sum by (instance) (flowgrain_traffic_flows_total)");
        Assert.Equal($"127.0.0.1:{ports[2]}", Assert.Single(trafficByInstance).Labels["instance"]);

        await ExpositionChecks.AssertCleanAndDocumentedAsync(ports[2], SiloFamilies, process: "silo");
        await ExpositionChecks.AssertCleanAndDocumentedAsync(ports[4], GatewayFamilies, process: "gateway");
        await ExpositionChecks.AssertCleanAndDocumentedAsync(ports[6], GatewayFamilies, process: "gateway");
    }

    private static FlowGenerator FlowGenTo(int grpcPort, string tag) => new(new FlowGenOptions
    {
        Target = $"127.0.0.1:{grpcPort}", Nodes = 2, FlowsPerNode = 20, Namespaces = 3, Interval = TimeSpan.FromSeconds(1),
        Duration = TimeSpan.FromSeconds(4), Tag = tag, Verify = true, ProgressEvery = null,
    }, TextWriter.Null);

    private static IEnumerable<KeyValuePair<string, double>> Keyed(List<(Dictionary<string, string> Labels, double Value)> result) =>
        result.ToDictionary(r => r.Labels.GetValueOrDefault("source_namespace", "") + " " + r.Labels.GetValueOrDefault("dest_namespace", ""), r => r.Value)
            .OrderBy(e => e.Key);
}
