using FlowGrain.Protocol;
using Grpc.Net.Client;

namespace FlowGrain.EndToEnd.Tests;

/// <summary>The grains in their own silo process, gateways as clients: the gateway holds no flows and restarts freely.</summary>
public sealed class ClusterModeTests
{
    [Fact]
    public async Task A_silo_with_a_client_gateway_counts_exactly_and_a_replacement_gateway_serves_the_same_totals()
    {
        var ports = FreePorts.Take(7);
        string[] cluster = ["--Cluster:ClusterId=e2e", $"--Cluster:SiloPort={ports[0]}", $"--Cluster:GatewayPort={ports[1]}"];
        using var silo = ClusterProcesses.Silo(ports[2], cluster);
        await Health.WaitReadyAsync(ports[2], silo);

        long totalBytes;
        using (var gateway = ClusterProcesses.ClientGateway(ports[3], ports[4], cluster))
        {
            await Health.WaitReadyAsync(ports[4], gateway);
            using var flowgen = TestProcess.Program("src/FlowGen",
                "--target", $"127.0.0.1:{ports[3]}", "--nodes", "3", "--inflight", "16", "--interval", "1s", "--duration", "4s", "--tag", "e2e", "--verify", "--quiet");
            var exit = await flowgen.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exit == 0, flowgen.Output + "\n--- gateway ---\n" + gateway.Output);
            totalBytes = await TotalBytesAsync(ports[3]);
        }

        using var replacement = ClusterProcesses.ClientGateway(ports[5], ports[6], cluster);
        await Health.WaitReadyAsync(ports[6], replacement);
        Assert.Equal(totalBytes, await TotalBytesAsync(ports[5]));
        Assert.True(totalBytes > 0);
    }

    [Fact]
    public async Task After_the_silo_restarts_the_gateway_is_back_on_the_live_feed_by_itself()
    {
        var ports = FreePorts.Take(5);
        string[] cluster = ["--Cluster:ClusterId=e2e-restart", $"--Cluster:SiloPort={ports[0]}", $"--Cluster:GatewayPort={ports[1]}"];
        var silo = ClusterProcesses.Silo(ports[2], cluster);
        try
        {
            await Health.WaitReadyAsync(ports[2], silo);
            using var gateway = ClusterProcesses.ClientGateway(ports[3], ports[4], cluster);
            await Health.WaitReadyAsync(ports[4], gateway);
            using var flowgen = TestProcess.Program("src/FlowGen",
                "--target", $"127.0.0.1:{ports[3]}", "--nodes", "2", "--flows", "5", "--interval", "1s", "--duration", "3m", "--tag", "restart", "--quiet");
            await WaitForFeedBatchesAsync(ports[4], above: 0, gateway);

            silo.Dispose();
            silo = ClusterProcesses.Silo(ports[2], cluster);
            await Health.WaitReadyAsync(ports[2], silo);
            var beforeResubscribing = await FeedBatchesAsync(ports[4]);

            // The new silo's hub knows no subscriber until the gateway renews (every 5 s); then batches flow again.
            await WaitForFeedBatchesAsync(ports[4], above: beforeResubscribing + 2, gateway);
            await Health.WaitReadyAsync(ports[4], gateway);
        }
        finally
        {
            silo.Dispose();
        }
    }

    private static async Task WaitForFeedBatchesAsync(int httpPort, double above, TestProcess gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await FeedBatchesAsync(httpPort) <= above)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The gateway received no more than {above} feed batches. Output:\n{gateway.Output}");
            await Task.Delay(500);
        }
    }

    private static async Task<double> FeedBatchesAsync(int httpPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{httpPort}/metrics"));
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith("flowgrain_feed_batches_total", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> TotalBytesAsync(int grpcPort)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var result = await new Flows.FlowsClient(channel).ListAsync(new FlowListRequest());
        return result.Flows.Sum(f => f.Flow.BytesIn + f.Flow.BytesOut);
    }
}
