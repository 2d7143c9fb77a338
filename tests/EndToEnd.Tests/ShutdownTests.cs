namespace FlowGrain.EndToEnd.Tests;

/// <summary>SIGTERM stops a FlowGrain process cleanly: quickly, with exit code 0, its streams ended so clients go elsewhere.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task The_standalone_gateway_with_demo_traffic_and_a_connected_node_stops_cleanly_on_sigterm()
    {
        var ports = FreePorts.Take(4);
        using var gateway = TestProcess.Built("src/Gateway",
            "--demo", "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={ports[0]}", $"--Gateway:HttpPort={ports[1]}",
            $"--Cluster:SiloPort={ports[2]}", $"--Cluster:GatewayPort={ports[3]}");
        await Health.WaitReadyAsync(ports[1], gateway);
        using var flowgen = TestProcess.Built("src/FlowGen", "--target", $"127.0.0.1:{ports[0]}", "--nodes", "2", "--interval", "1s", "--duration", "5m");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!flowgen.Output.Contains("receipts", StringComparison.Ordinal) || flowgen.Output.Contains("receipts 0 ", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "FlowGen got no receipts.\n" + flowgen.Output);
            await Task.Delay(200);
        }

        var (exitCode, took) = await gateway.TerminateAsync(TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{gateway.Output}");
        Assert.True(took < TimeSpan.FromSeconds(15), $"stopping took {took}\n{gateway.Output}");
        Assert.DoesNotContain("Unhandled exception", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("non-graceful", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Ingest pipeline stopped: every flow", gateway.Output, StringComparison.Ordinal);
        deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!flowgen.Output.Contains("(Unavailable)", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "FlowGen's streams were not ended with Unavailable.\n" + flowgen.Output);
            await Task.Delay(200);
        }
    }
}
