using FlowGrain.Protocol;
using Grpc.Net.Client;
using static FlowGrain.EndToEnd.Tests.Cluster.ClusterScenarios;

namespace FlowGrain.EndToEnd.Tests.Cluster;

/// <summary>
/// Roll-ups are as durable as the windows they hold: with 1-second windows kept 10 seconds and 4-second roll-ups,
/// traffic soon lives in roll-ups only, and its totals stay exact through a restart of every process (Redis up) and
/// through kill -9 of the silo that holds the most owners.
/// </summary>
[Collection(FailoverScenarios.Name)]
public sealed class HistoryFailoverTests
{
    private static readonly string[] ShortHistory =
    [
        "--Aggregation:Window=00:00:01", "--Aggregation:CloseDelay=00:00:01", "--Aggregation:Retention=00:00:10",
        "--History:RollupWindow=00:00:04", "--History:Retention=00:10:00",
    ];

    [Fact]
    public async Task Traffic_kept_only_in_roll_ups_survives_a_restart_of_every_process_and_kill_9_of_the_silo_holding_it()
    {
        using var cluster = await FlowGrainCluster.StartAsync("e2e-history", 3, 2, ShortHistory);
        await RunFlowGenAsync(cluster, "history", "--nodes", "4", "--flows", "20", "--interval", "1s", "--duration", "4s");
        var totals = await ClusterQueries.TotalsAsync(cluster.GatewayGrpcPort(0));
        Assert.True(totals.Flows > 0, cluster.Output());

        // Past the 10 seconds of fine windows, nothing is left in them: what List answers comes from roll-ups.
        await WaitUntilOnlyInRollupsAsync(cluster, 0);
        await WaitForTotalsEverywhereAsync(cluster, totals);
        await WaitUntilDurableAsync(cluster);

        for (var i = 0; i < cluster.GatewayCount; i++) Assert.Equal(0, (await cluster.TerminateGatewayAsync(i)).ExitCode);
        for (var i = 0; i < cluster.SiloCount; i++) Assert.Equal(0, (await cluster.TerminateSiloAsync(i)).ExitCode);
        await cluster.StartAllAsync();
        await WaitForTotalsEverywhereAsync(cluster, totals);

        cluster.KillSilo(await BusiestSiloAsync(cluster));
        await WaitForTotalsEverywhereAsync(cluster, totals);
        await WaitUntilOnlyInRollupsAsync(cluster, 1);
    }

    private static async Task WaitUntilOnlyInRollupsAsync(FlowGrainCluster cluster, int gateway)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{cluster.GatewayGrpcPort(gateway)}");
        var flows = new Flows.FlowsClient(channel);
        var deadline = DateTime.UtcNow + Settle;
        while ((await flows.ListAsync(new FlowListRequest { StartTimeGte = -9 })).Flows.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Fine windows still hold the run's flows.\n" + cluster.Output());
            await Task.Delay(500);
        }
    }
}
