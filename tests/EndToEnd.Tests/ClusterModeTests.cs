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
        using var silo = TestProcess.Dotnet(["run", "--no-build", "-c", Repository.Configuration, "--project", "src/Silo", "--",
            "--Silo:ListenAddress=127.0.0.1", $"--Silo:HttpPort={ports[2]}", .. cluster]);
        await Health.WaitHealthyAsync(ports[2], silo);

        long totalBytes;
        using (var gateway = StartGateway(ports[3], ports[4], cluster))
        {
            await Health.WaitHealthyAsync(ports[4], gateway);
            using var flowgen = TestProcess.Dotnet("run", "--no-build", "-c", Repository.Configuration, "--project", "src/FlowGen", "--",
                "--target", $"127.0.0.1:{ports[3]}", "--nodes", "3", "--inflight", "16", "--interval", "1s", "--duration", "4s", "--tag", "e2e", "--verify", "--quiet");
            var exit = await flowgen.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exit == 0, flowgen.Output + "\n--- gateway ---\n" + gateway.Output);
            totalBytes = await TotalBytesAsync(ports[3]);
        }

        using var replacement = StartGateway(ports[5], ports[6], cluster);
        await Health.WaitHealthyAsync(ports[6], replacement);
        Assert.Equal(totalBytes, await TotalBytesAsync(ports[5]));
        Assert.True(totalBytes > 0);
    }

    private static TestProcess StartGateway(int grpcPort, int httpPort, string[] cluster) =>
        TestProcess.Dotnet(["run", "--no-build", "-c", Repository.Configuration, "--project", "src/Gateway", "--",
            "--Gateway:Mode=Client", "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={grpcPort}", $"--Gateway:HttpPort={httpPort}", .. cluster]);

    private static async Task<long> TotalBytesAsync(int grpcPort)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var result = await new Flows.FlowsClient(channel).ListAsync(new FlowListRequest());
        return result.Flows.Sum(f => f.Flow.BytesIn + f.Flow.BytesOut);
    }
}
