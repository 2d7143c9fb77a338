using Xunit.Abstractions;
using static FlowGrain.EndToEnd.Tests.Cluster.ClusterScenarios;

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
}
