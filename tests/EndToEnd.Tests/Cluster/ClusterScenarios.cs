namespace FlowGrain.EndToEnd.Tests.Cluster;

/// <summary>The steps failover scenarios share: traffic from FlowGen, and waits for a cluster to get somewhere, with generous deadlines.</summary>
public static class ClusterScenarios
{
    public static readonly TimeSpan Settle = TimeSpan.FromMinutes(3);

    /// <summary>Waits until every gateway answers <paramref name="expected"/> again.</summary>
    public static async Task WaitForTotalsEverywhereAsync(FlowGrainCluster cluster, ListTotals expected)
    {
        for (var i = 0; i < cluster.GatewayCount; i++) await ClusterQueries.WaitForTotalsAsync(cluster.GatewayGrpcPort(i), expected, cluster, Settle);
    }

    public static async Task AssertStopsCleanlyAsync(Task<(int ExitCode, TimeSpan Took)> stopping, string what, FlowGrainCluster cluster)
    {
        var (exitCode, took) = await stopping;
        Assert.True(exitCode == 0, $"{what} exited with {exitCode} on SIGTERM.\n{cluster.Output()}");
        Assert.True(took < TimeSpan.FromSeconds(30), $"{what} took {took} to stop on SIGTERM.\n{cluster.Output()}");
    }

    public static TestProcess StartFlowGen(FlowGrainCluster cluster, string tag, params string[] options) =>
        TestProcess.Built("src/FlowGen", ["--target", cluster.Targets, "--tag", tag, "--verify", "--verify-timeout", "180s", .. options]);

    public static async Task RunFlowGenAsync(FlowGrainCluster cluster, string tag, params string[] options)
    {
        using var flowgen = StartFlowGen(cluster, tag, options);
        var exit = await flowgen.WaitForExitAsync(TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, flowgen.Output + cluster.Output());
    }

    /// <summary>Waits until both gateways have delivered flows, so that the owners are active on the silos.</summary>
    public static async Task WaitForTrafficAsync(FlowGrainCluster cluster, TestProcess flowgen)
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

    public static async Task WaitForMetricAsync(int httpPort, string metric, double above, FlowGrainCluster cluster)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (await ClusterQueries.MetricAsync(httpPort, metric) <= above)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{metric} on port {httpPort} did not pass {above}.\n{cluster.Output()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until no gateway holds flows that are not durable yet.</summary>
    public static async Task WaitUntilDurableAsync(FlowGrainCluster cluster)
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
    public static async Task<int> BusiestSiloAsync(FlowGrainCluster cluster)
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
