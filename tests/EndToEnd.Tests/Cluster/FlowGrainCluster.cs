using System.Text;

namespace FlowGrain.EndToEnd.Tests.Cluster;

/// <summary>
/// A FlowGrain cluster as operators run it: a private redis-server, silo processes and client gateways on Redis
/// membership and Redis window storage, each on its own free loopback ports (kept across restarts). Everything it
/// started is stopped by PID when it is disposed.
/// </summary>
public sealed class FlowGrainCluster : IDisposable
{
    private readonly Member[] _silos;
    private readonly Member[] _gateways;
    private readonly string[] _settings;

    private FlowGrainCluster(RedisServer redis, string clusterId, int silos, int gateways, string[] extra)
    {
        Redis = redis;
        _settings = ["--Cluster:Membership=Redis", $"--Cluster:Redis={redis.ConnectionString}", $"--Cluster:ClusterId={clusterId}",
            "--Storage:Provider=Redis", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:FlowGrain=Information", .. extra];
        _silos = [.. Enumerable.Range(0, silos).Select(_ => new Member(FreePorts.Take(3)))];
        _gateways = [.. Enumerable.Range(0, gateways).Select(_ => new Member(FreePorts.Take(2)))];
    }

    public RedisServer Redis { get; }

    public int SiloCount => _silos.Length;

    public int GatewayCount => _gateways.Length;

    /// <summary>Every gateway's gRPC address, comma-separated, as FlowGen's --target takes them.</summary>
    public string Targets => string.Join(",", _gateways.Select(g => $"127.0.0.1:{g.Ports[0]}"));

    public int GatewayGrpcPort(int gateway) => _gateways[gateway].Ports[0];

    public int GatewayHttpPort(int gateway) => _gateways[gateway].Ports[1];

    public int SiloHttpPort(int silo) => _silos[silo].Ports[2];

    /// <summary>Starts Redis, then every silo and gateway, and waits until each is ready.</summary>
    public static async Task<FlowGrainCluster> StartAsync(string clusterId, int silos, int gateways, params string[] settings)
    {
        var redis = await RedisServer.StartAsync();
        var cluster = new FlowGrainCluster(redis, clusterId, silos, gateways, settings);
        try
        {
            await cluster.StartAllAsync();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Starts every member that is not running (silos first) and waits until all are ready.</summary>
    public async Task StartAllAsync()
    {
        for (var i = 0; i < _silos.Length; i++) if (_silos[i].Process is null) StartSilo(i);
        for (var i = 0; i < _silos.Length; i++) await WaitSiloReadyAsync(i);
        for (var i = 0; i < _gateways.Length; i++) if (_gateways[i].Process is null) StartGateway(i);
        for (var i = 0; i < _gateways.Length; i++) await WaitGatewayReadyAsync(i);
    }

    public void StartSilo(int silo)
    {
        var ports = _silos[silo].Ports;
        _silos[silo].Start(TestProcess.Built("src/Silo", [.. _settings, $"--Cluster:SiloPort={ports[0]}", $"--Cluster:GatewayPort={ports[1]}",
            "--Silo:ListenAddress=127.0.0.1", $"--Silo:HttpPort={ports[2]}"]));
    }

    public void StartGateway(int gateway)
    {
        var ports = _gateways[gateway].Ports;
        _gateways[gateway].Start(TestProcess.Built("src/Gateway", [.. _settings, "--Gateway:Mode=Client", "--Gateway:ListenAddress=127.0.0.1",
            $"--Gateway:GrpcPort={ports[0]}", $"--Gateway:HttpPort={ports[1]}"]));
    }

    public Task WaitSiloReadyAsync(int silo) => Health.WaitReadyAsync(SiloHttpPort(silo), _silos[silo].Process!, TimeSpan.FromMinutes(3));

    public Task WaitGatewayReadyAsync(int gateway) => Health.WaitReadyAsync(GatewayHttpPort(gateway), _gateways[gateway].Process!, TimeSpan.FromMinutes(3));

    /// <summary>kill -9 of a silo.</summary>
    public void KillSilo(int silo) => _silos[silo].Kill();

    /// <summary>kill -9 of a gateway.</summary>
    public void KillGateway(int gateway) => _gateways[gateway].Kill();

    /// <summary>SIGTERM to a silo; returns its exit code and how long it took to stop.</summary>
    public Task<(int ExitCode, TimeSpan Took)> TerminateSiloAsync(int silo) => _silos[silo].TerminateAsync();

    /// <summary>SIGTERM to a gateway; returns its exit code and how long it took to stop.</summary>
    public Task<(int ExitCode, TimeSpan Took)> TerminateGatewayAsync(int gateway) => _gateways[gateway].TerminateAsync();

    /// <summary>Every member's output, for failure messages.</summary>
    public string Output()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _silos.Length; i++) text.Append($"\n--- silo {i} ---\n").Append(_silos[i].Output);
        for (var i = 0; i < _gateways.Length; i++) text.Append($"\n--- gateway {i} ---\n").Append(_gateways[i].Output);
        return text.ToString();
    }

    public void Dispose()
    {
        try
        {
            foreach (var member in _gateways.Concat(_silos)) member.Kill();
        }
        finally
        {
            Redis.Dispose();
        }
    }

    /// <summary>One silo or gateway: its ports, its running process, and the output of the ones before it.</summary>
    private sealed class Member(int[] ports)
    {
        private readonly StringBuilder _earlier = new();

        public int[] Ports { get; } = ports;

        public TestProcess? Process { get; private set; }

        public string Output => _earlier + (Process?.Output ?? "");

        public void Start(TestProcess process)
        {
            if (Process is not null) throw new InvalidOperationException("The member is running already.");
            Process = process;
        }

        public void Kill()
        {
            if (Process is null) return;
            Process.KillHard();
            Stopped();
        }

        public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync()
        {
            var result = await Process!.TerminateAsync(TimeSpan.FromMinutes(1));
            Stopped();
            return result;
        }

        private void Stopped()
        {
            _earlier.Append(Process!.Output).AppendLine("--- (stopped) ---");
            Process.Dispose();
            Process = null;
        }
    }
}
