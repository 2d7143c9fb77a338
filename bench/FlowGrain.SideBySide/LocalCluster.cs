using System.Globalization;
using System.IO;

namespace FlowGrain.SideBySide;

/// <summary>
/// FlowGrain as a cluster on this machine: redis-server (membership and window storage, append-only file on), three
/// silos and one gateway in client mode, all on loopback. Its memory is the sum of its FlowGrain processes'.
/// </summary>
internal sealed class LocalCluster : IServerUnderTest
{
    private readonly List<ServerProcess> _processes = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"flowgrain-bench-{Environment.ProcessId}");

    private LocalCluster() => Directory.CreateDirectory(_directory);

    public string Name => "FlowGrain";

    public double ResidentMiB => _processes.Skip(1).Sum(p => p.ResidentMiB);

    /// <summary>CPU time each process (Redis, the silos, the gateway) has used so far.</summary>
    public IReadOnlyList<(string Name, TimeSpan Cpu)> CpuTimes() => [.. _processes.Select(p => (p.Name, p.CpuTime))];

    /// <summary>The port of the cluster's Redis.</summary>
    public int RedisPort { get; private set; }

    /// <summary>Starts Redis, <paramref name="silos"/> silos and a gateway whose ports are given; returns when the gateway is ready.</summary>
    public static async Task<LocalCluster> StartAsync(string root, int silos, int grpcPort, int httpPort, IReadOnlyList<string> gatewayArgs)
    {
        var cluster = new LocalCluster();
        try
        {
            var redisPort = cluster.RedisPort = ServerProcess.FreePort();
            var redis = ServerProcess.StartProgram("redis-server", "redis-server",
                ["--port", $"{redisPort}", "--bind", "127.0.0.1", "--dir", cluster._directory, "--appendonly", "yes", "--save", ""]);
            cluster._processes.Add(redis);
            await redis.WaitAsync(() => IsListeningAsync(redisPort), TimeSpan.FromSeconds(30));

            string[] common = ["--Cluster:Membership=Redis", $"--Cluster:Redis=127.0.0.1:{redisPort}", "--Cluster:ClusterId=bench",
                "--Storage:Provider=Redis", "--Logging:LogLevel:Default=Warning"];
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            for (var i = 0; i < silos; i++)
            {
                var siloHttp = ServerProcess.FreePort();
                var silo = ServerProcess.Start($"silo {i}", Path.Combine(root, "src/Silo/bin/Release/net10.0/FlowGrain.Silo.dll"),
                [
                    .. common, "--Silo:ListenAddress=127.0.0.1", $"--Silo:HttpPort={siloHttp}",
                    $"--Cluster:SiloPort={ServerProcess.FreePort()}", $"--Cluster:GatewayPort={ServerProcess.FreePort()}",
                ]);
                cluster._processes.Add(silo);
                await silo.WaitAsync(async () => (await http.GetAsync($"http://127.0.0.1:{siloHttp}/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(90));
            }

            var gateway = ServerProcess.Start("gateway", Path.Combine(root, "src/Gateway/bin/Release/net10.0/FlowGrain.Gateway.dll"),
            [
                .. common, "--Gateway:Mode=Client", "--Gateway:ListenAddress=127.0.0.1",
                $"--Gateway:GrpcPort={grpcPort}", $"--Gateway:HttpPort={httpPort}", .. gatewayArgs,
            ]);
            cluster._processes.Add(gateway);
            await gateway.WaitAsync(async () => (await http.GetAsync($"http://127.0.0.1:{httpPort}/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(90));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"side-by-side: cluster ready: Redis on {redisPort}, {silos} silos, a gateway on {grpcPort}"));
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>The value of the one Redis key that ends in <paramref name="suffix"/> (read with redis-cli), or "" if none.</summary>
    public async Task<string> ReadRedisKeyAsync(string suffix)
    {
        var key = (await RedisCliAsync("--scan", "--pattern", $"*{suffix}")).Trim();
        return key.Length == 0 ? "" : (await RedisCliAsync("GET", key)).Trim();
    }

    private async Task<string> RedisCliAsync(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("redis-cli") { RedirectStandardOutput = true };
        foreach (var argument in (string[])["-p", $"{RedisPort}", "--raw", .. arguments]) start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    public void Dispose()
    {
        // Gateway first, Redis last, as an operator stops them.
        for (var i = _processes.Count - 1; i >= 0; i--) _processes[i].Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held: the temporary directory stays.
        }
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        return true;
    }
}
