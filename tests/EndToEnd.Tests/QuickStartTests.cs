using FlowGrain.Protocol;
using Grpc.Net.Client;

namespace FlowGrain.EndToEnd.Tests;

/// <summary>The README's quick start, as a newcomer runs it: the gateway with demo traffic, then FlowGen --verify against it.</summary>
public sealed class QuickStartTests
{
    [Fact]
    public async Task The_readme_run_command_serves_demo_traffic_and_FlowGen_verifies_against_it()
    {
        var ports = FreePorts.Take(4);
        using var gateway = TestProcess.Program("src/Gateway",
            "--demo", "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={ports[0]}", $"--Gateway:HttpPort={ports[1]}",
            $"--Cluster:SiloPort={ports[2]}", $"--Cluster:GatewayPort={ports[3]}");
        await Health.WaitReadyAsync(ports[1], gateway);

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ports[0]}");
        var flows = new Flows.FlowsClient(channel);
        var demo = await PollAsync(async () => (await flows.ListAsync(new FlowListRequest())).Flows, rows => rows.Count > 0, TimeSpan.FromSeconds(30));
        Assert.Contains(demo, row => row.Flow.Key.Action == FlowGrain.Protocol.Action.Deny);
        Assert.Contains(demo, row => row.Flow.Key.Policies.EnforcedPolicies.Count > 0);

        using var flowgen = TestProcess.Program("src/FlowGen",
            "--target", $"127.0.0.1:{ports[0]}", "--interval", "1s", "--duration", "6s", "--disconnect-every", "2500ms", "--verify", "--quiet");
        var exit = await flowgen.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, flowgen.Output);
        Assert.Contains("verify: OK", flowgen.Output, StringComparison.Ordinal);
        Assert.Matches("reconnects [1-9]", flowgen.Output);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(500);
        }
    }
}
