using Xunit.Abstractions;

namespace FlowGrain.EndToEnd.Tests.Cluster;

/// <summary>The failover scenarios: heavy (a 3-silo, 2-gateway cluster each), so they run in their own collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverScenarios
{
    public const string Name = "failover";
}

/// <summary>
/// Invariant: a flow that got a receipt is counted exactly once, whichever single process dies (kill -9, at any
/// moment) or stops. FlowGen's --verify compares what Flows.List answers with every flow it got a receipt for.
/// </summary>
[Collection(FailoverScenarios.Name)]
public sealed class FailoverTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Three_silos_and_two_gateways_count_exactly_answer_alike_and_keep_the_totals_when_the_silo_holding_the_owners_is_killed()
    {
        using var cluster = await FlowGrainCluster.StartAsync("e2e-spread", silos: 3, gateways: 2);
        await RunFlowGenAsync(cluster, "spread", "--nodes", "6", "--flows", "30", "--interval", "1s", "--duration", "5s");

        var viaFirst = await ClusterQueries.TotalsAsync(cluster.GatewayGrpcPort(0));
        Assert.True(viaFirst.Flows > 0, cluster.Output());
        Assert.Equal(viaFirst, await ClusterQueries.TotalsAsync(cluster.GatewayGrpcPort(1)));

        // The run ended: no client is left to replay anything. The silo with the most owners dies without warning.
        await WaitUntilDurableAsync(cluster);
        var busiest = await BusiestSiloAsync(cluster);
        cluster.KillSilo(busiest);
        await WaitForTotalsEverywhereAsync(cluster, viaFirst);
    }

    [Fact]
    public async Task Under_load_kill_9_of_a_silo_and_later_of_a_gateway_loses_nothing_and_counts_nothing_twice()
    {
        using var cluster = await FlowGrainCluster.StartAsync("e2e-kill", silos: 3, gateways: 2);
        using var flowgen = StartFlowGen(cluster, "kill", "--nodes", "6", "--flows", "40", "--inflight", "8", "--interval", "1s", "--duration", "45s");
        await WaitForTrafficAsync(cluster, flowgen);

        cluster.KillSilo(await BusiestSiloAsync(cluster));
        // Load goes on while the cluster notices and the owners move; the gateway dies once the cluster took more.
        var received = await ClusterQueries.MetricAsync(cluster.GatewayHttpPort(0), "flowgrain_flows_received_total");
        await WaitForMetricAsync(cluster.GatewayHttpPort(0), "flowgrain_flows_received_total", above: received + 1000, cluster);
        cluster.KillGateway(0);

        var exit = await flowgen.WaitForExitAsync(TimeSpan.FromMinutes(5));
        log.WriteLine(flowgen.Output);
        Assert.True(exit == 0, flowgen.Output + cluster.Output());
        Assert.Contains("flowgen reconnect: node", flowgen.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_every_process_and_starting_them_again_keeps_the_last_hour()
    {
        using var cluster = await FlowGrainCluster.StartAsync("e2e-restart-all", silos: 3, gateways: 2);
        await RunFlowGenAsync(cluster, "restart-all", "--nodes", "4", "--flows", "30", "--interval", "1s", "--duration", "4s");
        var before = await ClusterQueries.TotalsAsync(cluster.GatewayGrpcPort(0));
        Assert.True(before.Flows > 0, cluster.Output());

        for (var i = 0; i < cluster.GatewayCount; i++) Assert.Equal(0, (await cluster.TerminateGatewayAsync(i)).ExitCode);
        for (var i = 0; i < cluster.SiloCount; i++) Assert.Equal(0, (await cluster.TerminateSiloAsync(i)).ExitCode);

        await cluster.StartAllAsync();
        await WaitForTotalsEverywhereAsync(cluster, before);
    }

    [Fact]
    public async Task A_rolling_restart_under_load_keeps_the_totals_exact_and_the_live_stream_going()
    {
        using var cluster = await FlowGrainCluster.StartAsync("e2e-rolling", silos: 3, gateways: 2);
        using var flowgen = StartFlowGen(cluster, "rolling", "--nodes", "4", "--flows", "30", "--inflight", "4", "--interval", "1s", "--duration", "100s");
        await WaitForTrafficAsync(cluster, flowgen);
        var watchedGateway = 1;
        await using var live = new LiveStreamWatch(() => cluster.GatewayHttpPort(watchedGateway));

        for (var i = 0; i < cluster.SiloCount; i++)
        {
            await AssertStopsCleanlyAsync(cluster.TerminateSiloAsync(i), $"silo {i}", cluster);
            cluster.StartSilo(i);
            await cluster.WaitSiloReadyAsync(i);
            await live.WaitForMoreThanAsync(live.Events, Settle, cluster.Output);
        }

        for (var i = 0; i < cluster.GatewayCount; i++)
        {
            watchedGateway = 1 - i; // the console reconnects to the gateway that stays
            await AssertStopsCleanlyAsync(cluster.TerminateGatewayAsync(i), $"gateway {i}", cluster);
            cluster.StartGateway(i);
            await cluster.WaitGatewayReadyAsync(i);
            await live.WaitForMoreThanAsync(live.Events, Settle, cluster.Output);
        }

        var exit = await flowgen.WaitForExitAsync(TimeSpan.FromMinutes(5));
        log.WriteLine(flowgen.Output);
        Assert.True(exit == 0, flowgen.Output + cluster.Output());
    }

    /// <summary>Waits until every gateway answers <paramref name="expected"/> again.</summary>
    private static async Task WaitForTotalsEverywhereAsync(FlowGrainCluster cluster, ListTotals expected)
    {
        for (var i = 0; i < cluster.GatewayCount; i++) await ClusterQueries.WaitForTotalsAsync(cluster.GatewayGrpcPort(i), expected, cluster, Settle);
    }

    private static async Task AssertStopsCleanlyAsync(Task<(int ExitCode, TimeSpan Took)> stopping, string what, FlowGrainCluster cluster)
    {
        var (exitCode, took) = await stopping;
        Assert.True(exitCode == 0, $"{what} exited with {exitCode} on SIGTERM.\n{cluster.Output()}");
        Assert.True(took < TimeSpan.FromSeconds(30), $"{what} took {took} to stop on SIGTERM.\n{cluster.Output()}");
    }

    private static TestProcess StartFlowGen(FlowGrainCluster cluster, string tag, params string[] options) =>
        TestProcess.Built("src/FlowGen", ["--target", cluster.Targets, "--tag", tag, "--verify", "--verify-timeout", "180s", .. options]);

    private static async Task RunFlowGenAsync(FlowGrainCluster cluster, string tag, params string[] options)
    {
        using var flowgen = StartFlowGen(cluster, tag, options);
        var exit = await flowgen.WaitForExitAsync(TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, flowgen.Output + cluster.Output());
    }

    /// <summary>Waits until both gateways have delivered flows, so that the owners are active on the silos.</summary>
    private static async Task WaitForTrafficAsync(FlowGrainCluster cluster, TestProcess flowgen)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (await ClusterQueries.MetricAsync(cluster.GatewayHttpPort(0), "flowgrain_flows_received_total") == 0
               || await ClusterQueries.MetricAsync(cluster.GatewayHttpPort(1), "flowgrain_flows_received_total") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline && !flowgen.HasExited, "FlowGen's traffic did not reach both gateways.\n" + flowgen.Output + cluster.Output());
            await Task.Delay(250);
        }

        await BusiestSiloAsync(cluster);
    }

    private static async Task WaitForMetricAsync(int httpPort, string metric, double above, FlowGrainCluster cluster)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (await ClusterQueries.MetricAsync(httpPort, metric) <= above)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{metric} on port {httpPort} did not pass {above}.\n{cluster.Output()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until no gateway holds flows that are not durable yet.</summary>
    private static async Task WaitUntilDurableAsync(FlowGrainCluster cluster)
    {
        var deadline = DateTime.UtcNow + Settle;
        for (var i = 0; i < cluster.GatewayCount; i++)
        {
            while (await ClusterQueries.MetricAsync(cluster.GatewayHttpPort(i), "flowgrain_retained_flows") > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"gateway {i} still retains flows.\n{cluster.Output()}");
                await Task.Delay(250);
            }
        }
    }

    /// <summary>The silo with the most active owners (at least one).</summary>
    private static async Task<int> BusiestSiloAsync(FlowGrainCluster cluster)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            var owners = new double[cluster.SiloCount];
            for (var i = 0; i < owners.Length; i++) owners[i] = await ClusterQueries.MetricAsync(cluster.SiloHttpPort(i), "flowgrain_active_owners");
            if (owners.Max() > 0) return Array.IndexOf(owners, owners.Max());
            Assert.True(DateTime.UtcNow < deadline, "No silo reports an active owner.\n" + cluster.Output());
            await Task.Delay(250);
        }
    }
}
