namespace FlowGrain.EndToEnd.Tests;

/// <summary>An invalid setting stops a FlowGrain process at start-up, with exit code 2 and a line naming the setting.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("src/Gateway", "--Collector:BackpressureTimeout=-00:00:05", "Invalid configuration in section \"Collector\"", "BackpressureTimeout")]
    [InlineData("src/Gateway", "--Query:Heartbeat=00:00:00", "Invalid configuration in section \"Query\"", "Heartbeat")]
    [InlineData("src/Silo", "--Aggregation:Retention=00:00:20", "Invalid configuration in section \"Aggregation\"", "Aggregation:Retention must be a positive multiple")]
    [InlineData("src/Silo", "--History:RollupWindow=00:05:10", "Invalid configuration in section \"History\"", "History:RollupWindow (00:05:10) must be a positive multiple")]
    [InlineData("src/Silo", "--Cluster:Membership=Redis", "Invalid configuration in section \"Cluster\"", "Cluster:Membership is Redis but Cluster:Redis is not set")]
    [InlineData("src/Gateway", "--Storage:Provider=Redis", "Invalid configuration in section \"Cluster\"", "Storage:Provider is Redis but neither Storage:Redis nor Cluster:Redis is set")]
    [InlineData("src/Silo", "--Cluster:Redis=,,,", "Invalid configuration in section \"Cluster\"", "Cluster:Redis names no Redis endpoint")]
    [InlineData("src/Silo", "--Durability:CheckpointInterval=00:00:00", "Invalid configuration in section \"Durability\"", "CheckpointInterval")]
    public async Task A_process_with_an_invalid_setting_exits_with_code_2_and_names_it(string project, string setting, string line, string detail)
    {
        var ports = FreePorts.Take(4);
        using var process = TestProcess.Program(project, setting,
            "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={ports[0]}", $"--Gateway:HttpPort={ports[1]}",
            "--Silo:ListenAddress=127.0.0.1", $"--Silo:HttpPort={ports[1]}", $"--Cluster:SiloPort={ports[2]}", $"--Cluster:GatewayPort={ports[3]}");

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var complaint = process.Output.Split('\n').SingleOrDefault(l => l.StartsWith(line, StringComparison.Ordinal));
        Assert.True(complaint is not null, process.Output);
        Assert.Contains(detail, complaint, StringComparison.Ordinal);
    }
}
