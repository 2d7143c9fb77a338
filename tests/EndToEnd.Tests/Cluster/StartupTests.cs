namespace FlowGrain.EndToEnd.Tests.Cluster;

/// <summary>A process started before Redis waits for it, for Cluster:StartupTimeout, then gives up with one clear line.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task A_silo_whose_redis_never_answers_exits_with_code_3_naming_the_key()
    {
        var ports = FreePorts.Take(4);
        using var silo = TestProcess.Built("src/Silo", SiloArguments(ports, redisPort: ports[3], "--Cluster:StartupTimeout=00:00:03"));

        Assert.Equal(3, await silo.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var line = silo.Output.Split('\n').SingleOrDefault(l => l.StartsWith("FlowGrain could not start:", StringComparison.Ordinal));
        Assert.True(line is not null, silo.Output);
        Assert.Contains($"Redis at 127.0.0.1:{ports[3]} (Cluster:Redis) did not answer within 3 s (Cluster:StartupTimeout)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_started_before_redis_waits_and_joins_once_redis_is_up()
    {
        var ports = FreePorts.Take(4);
        using var silo = TestProcess.Built("src/Silo", SiloArguments(ports, redisPort: ports[3], "--Cluster:StartupTimeout=00:02:00"));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!silo.Output.Contains("does not answer yet", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !silo.HasExited, "The silo did not say it waits for Redis.\n" + silo.Output);
            await Task.Delay(100);
        }

        using var redis = await RedisServer.StartAsync(ports[3]);
        await Health.WaitReadyAsync(ports[2], silo, TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Memory_storage_with_redis_membership_starts_with_a_loud_warning()
    {
        using var redis = await RedisServer.StartAsync();
        var ports = FreePorts.Take(3);
        using var silo = TestProcess.Built("src/Silo", SiloArguments(ports, redis.Port, "--Storage:Provider=Memory"));
        await Health.WaitReadyAsync(ports[2], silo, TimeSpan.FromMinutes(2));

        Assert.Contains("STORAGE IS IN MEMORY IN A MULTI-SILO CLUSTER", silo.Output, StringComparison.Ordinal);
    }

    private static string[] SiloArguments(int[] ports, int redisPort, params string[] extra) =>
    [
        "--Cluster:Membership=Redis", $"--Cluster:Redis=127.0.0.1:{redisPort}", "--Cluster:ClusterId=e2e-startup",
        $"--Cluster:SiloPort={ports[0]}", $"--Cluster:GatewayPort={ports[1]}", "--Silo:ListenAddress=127.0.0.1", $"--Silo:HttpPort={ports[2]}",
        .. extra,
    ];
}
