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

    [Fact]
    public async Task A_silo_whose_redis_is_gone_still_exits_within_its_shutdown_timeout_and_says_why()
    {
        var ports = FreePorts.Take(3);
        var redis = await RedisServer.StartAsync();
        TestProcess silo;
        try
        {
            silo = TestProcess.Built("src/Silo", "--Cluster:Membership=Redis", $"--Cluster:Redis={redis.ConnectionString}",
                "--Cluster:ClusterId=e2e-stop", $"--Cluster:SiloPort={ports[0]}", $"--Cluster:GatewayPort={ports[1]}",
                "--Silo:ListenAddress=127.0.0.1", $"--Silo:HttpPort={ports[2]}");
            await Health.WaitReadyAsync(ports[2], silo, TimeSpan.FromMinutes(2));
        }
        finally
        {
            redis.Dispose(); // Redis dies first: membership and checkpoints can no longer be written
        }

        using (silo)
        {
            var (exitCode, took) = await silo.TerminateAsync(TimeSpan.FromMinutes(2));

            // Orleans retries Redis for as long as it is allowed to; the process must still end, inside the 30 s
            // an orchestrator waits (plus slack for a busy machine), and not with the 0 of a clean stop.
            Assert.True(took < TimeSpan.FromSeconds(45), $"stopping took {took}\n{silo.Output}");
            Assert.True(exitCode == 4, $"exit code {exitCode}\n{silo.Output}");
            Assert.Contains("FlowGrain did not stop within 28 s; exiting without a clean stop", silo.Output, StringComparison.Ordinal);
        }
    }
}
