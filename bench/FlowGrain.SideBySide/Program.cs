using System.Diagnostics;
using System.Globalization;
using System.IO;
using FlowGrain.FlowGen;
using FlowGrain.SideBySide;

// Usage: FlowGrain.SideBySide [--flows 1000000] [--felix-flows 200000] [--client flowgen|lean] [--cluster] [--only ceiling|FlowGrain]
// Starts the transport ceiling, then a standalone FlowGrain gateway, drives each with the same client in the same two
// modes, and prints one Markdown table. FlowGrain's runs end with an exact check of what it holds against what was sent.
// The client is FlowGen (a simulated cluster, verified key by key) or a lean replay of pre-encoded updates, which
// leaves the machine's cores to the server.
// Arguments after "--" go to FlowGrain's gateway (e.g. -- --Collector:BatchDelay=00:00:00), to compare settings.
var gatewayArgs = Array.IndexOf(args, "--") is var dash && dash >= 0 ? args[(dash + 1)..] : [];
if (args.Contains("--query-load")) return await QueryLoadAsync();
if (args.Contains("--fan-out")) return await FanOutAsync();
if (args.Contains("--shards")) return await ShardsAsync();

var pipelinedFlows = Option("--flows", 1_000_000);
var client = Array.IndexOf(args, "--client") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : "flowgen";
if (client is not ("flowgen" or "lean"))
{
    Console.Error.WriteLine($"--client must be flowgen or lean, got {client}.");
    return 2;
}

var lean = client == "lean";
var felixFlows = Option("--felix-flows", 200_000);
// --only FlowGrain (or ceiling) runs one server, to profile it; the table then needs the other run's figures.
var only = Array.IndexOf(args, "--only") is var o && o >= 0 && o + 1 < args.Length ? args[o + 1] : null;
var root = RepositoryRoot();
var modes = new (string Name, int Nodes, int Inflight, int Flows)[]
{
    ("pipelined: 100 nodes × 32 in flight", 100, 32, pipelinedFlows),
    ("Felix: 200 nodes, stop-and-wait", 200, 1, felixFlows),
};

var results = new List<Measurement>();
string[] servers = only is null ? ["ceiling", "FlowGrain"] : [only];
// --cluster runs FlowGrain as Redis, three silos and a gateway in client mode instead of one standalone gateway.
var asCluster = args.Contains("--cluster");
foreach (var server in servers)
{
    var grpcPort = ServerProcess.FreePort();
    var httpPort = ServerProcess.FreePort();
    using var process = await StartServerAsync(server, grpcPort, httpPort);
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };

    foreach (var (name, nodes, inflight, flows) in modes)
    {
        Console.Error.WriteLine($"side-by-side: {server}, {name}, {flows:N0} flows …");
        var options = new FlowGenOptions
        {
            Target = $"127.0.0.1:{grpcPort}",
            Nodes = nodes,
            FlowsPerNode = flows / nodes,
            Inflight = inflight,
            Interval = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(1),
            Tag = $"sbs{results.Count}",
            Verify = server == "FlowGrain",
            VerifyTimeout = TimeSpan.FromMinutes(5),
            ProgressEvery = null,
        };
        var before = server == "FlowGrain" ? await GatewayInternals.ReadAsync(http, httpPort) : null;
        var measured = lean
            ? await LeanReplay.RunAsync(process, name, grpcPort, nodes, inflight, flows, options.Tag, options.Verify)
            : await Measurement.RunAsync(process, name, options);
        Console.Error.WriteLine($"side-by-side: {measured.FlowsPerSecond:N0} flows/s, p99 {measured.P99Ms:0.00} ms, verified {measured.Verified}");
        if (before is not null) Console.Error.WriteLine($"side-by-side: inside FlowGrain: {(await GatewayInternals.ReadAsync(http, httpPort)).Since(before)}");
        results.Add(measured);
    }
}

Console.WriteLine($"Side by side on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {(lean ? "lean replay client" : "FlowGen")} on the same machine, " +
    $"FlowGrain {(asCluster ? "as Redis, 3 silos and a client gateway (RSS: silos and gateway together)" : "as one standalone gateway")}:");
Console.WriteLine();
Console.WriteLine("| Mode | Ceiling flows/s | FlowGrain flows/s | FlowGrain / ceiling | Receipt p50 / p99, ceiling | Receipt p50 / p99, FlowGrain | RSS ceiling / FlowGrain | FlowGrain counts |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var (name, _, _, _) in modes.Where(_ => only is null))
{
    var ceiling = results.Single(r => r.Server == "ceiling" && r.Mode == name);
    var flowGrain = results.Single(r => r.Server == "FlowGrain" && r.Mode == name);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {ceiling.FlowsPerSecond:N0} | {flowGrain.FlowsPerSecond:N0} | {flowGrain.FlowsPerSecond / ceiling.FlowsPerSecond:P0} | " +
        $"{ceiling.P50Ms:0.00} / {ceiling.P99Ms:0.00} ms | {flowGrain.P50Ms:0.00} / {flowGrain.P99Ms:0.00} ms | " +
        $"{ceiling.ResidentMiB:N0} / {flowGrain.ResidentMiB:N0} MiB | {flowGrain.Verified} ({flowGrain.Receipts:N0} receipts) |"));
}

return results.All(r => r.Verified != "FAILED") ? 0 : 1;

// --query-load [--keys 150000] [--windows 230] [--rounds 5]: queries over a full hour against one standalone gateway.
async Task<int> QueryLoadAsync()
{
    var (gateway, grpcPort, _) = await StartGatewayAsync();
    using (gateway) return await QueryLoad.RunAsync(gateway, grpcPort, Option("--keys", 150_000), Option("--windows", 230), Option("--rounds", 5));
}

// --fan-out [--viewers 1000] [--keys 2000]: live viewers with provisional rows on one standalone gateway while ingest goes on.
async Task<int> FanOutAsync()
{
    var (gateway, grpcPort, httpPort) = await StartGatewayAsync();
    using (gateway) return await FanOut.RunAsync(gateway, grpcPort, httpPort, Option("--viewers", 1000), Option("--keys", 2000));
}

// --shards [--flows 1000000]: one namespace that every node reports into, on a 3-silo cluster, unsplit and in 4 shards;
// then the same traffic over 8 namespaces, unsplit: what the cluster takes when no single owner can be the limit.
async Task<int> ShardsAsync()
{
    var flows = Option("--flows", 1_000_000);
    var rows = new List<(string Setup, Measurement Measured, string Cores)>();
    foreach (var (shards, namespaces) in new[] { (1, 1), (4, 1), (1, 8) })
    {
        var grpcPort = ServerProcess.FreePort();
        var httpPort = ServerProcess.FreePort();
        using var cluster = await LocalCluster.StartAsync(RepositoryRoot(), silos: 3, grpcPort, httpPort, [$"--Aggregation:DefaultShards={shards}", .. gatewayArgs]);
        // A shard count takes effect at a window boundary a minute after the gateway proposed it.
        Console.Error.WriteLine($"shards: {shards}, waiting 90 s for the count to take effect …");
        await Task.Delay(TimeSpan.FromSeconds(90)); // flows are stamped a few seconds back: their window must start after the change
        var cpuBefore = cluster.CpuTimes();
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var setup = namespaces == 1 ? $"1 namespace, {shards} shard(s)" : $"{namespaces} namespaces, {shards} shard(s) each";
        var measured = await LeanReplay.RunAsync(cluster, setup, grpcPort, 100, 32, flows, $"shards{shards}", verify: true, namespaces);
        var seconds = wall.Elapsed.TotalSeconds;
        // Cores each process kept busy over the replay: shows whether one silo (the owner's) or the machine is the limit.
        var cores = string.Join(", ", cluster.CpuTimes().Zip(cpuBefore, (after, before) => $"{after.Name} {(after.Cpu - before.Cpu).TotalSeconds / seconds:0.00}")
            .Append($"client {(Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds / seconds:0.00}"));
        Console.Error.WriteLine($"shards: {setup}: {measured.FlowsPerSecond:N0} flows/s, verified {measured.Verified}; cores busy: {cores}; shard schedule: {await cluster.ReadRedisKeyAsync("shard-map")}");
        rows.Add((setup, measured, cores));
    }

    Console.WriteLine($"Every node reporting into one namespace (unsplit, 4 shards) and into 8 namespaces; 3 silos, Redis and a gateway on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, lean client (100 nodes × 32 in flight):");
    Console.WriteLine();
    Console.WriteLine("| Traffic | Flows/s | Against unsplit | Receipt p50 / p99 | RSS (silos + gateway) | Counts | Cores busy over the replay |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---|---|");
    foreach (var (setup, measured, cores) in rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {setup} | {measured.FlowsPerSecond:N0} | {measured.FlowsPerSecond / rows[0].Measured.FlowsPerSecond:0.00}× | {measured.P50Ms:0.00} / {measured.P99Ms:0.00} ms | {measured.ResidentMiB:N0} MiB | {measured.Verified} | {cores} |"));
    }

    return rows.All(r => r.Measured.Verified == "exact") ? 0 : 1;
}

async Task<IServerUnderTest> StartServerAsync(string server, int grpcPort, int httpPort)
{
    if (server == "FlowGrain" && asCluster) return await LocalCluster.StartAsync(root, silos: 3, grpcPort, httpPort, gatewayArgs);

    var process = server == "ceiling"
        ? ServerProcess.Start(server, Path.Combine(root, "bench/FlowGrain.Ceiling/bin/Release/net10.0/FlowGrain.Ceiling.dll"), ["--port", $"{grpcPort}"])
        : ServerProcess.Start(server, Path.Combine(root, "src/Gateway/bin/Release/net10.0/FlowGrain.Gateway.dll"),
        [
            "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={grpcPort}", $"--Gateway:HttpPort={httpPort}",
            $"--Cluster:SiloPort={ServerProcess.FreePort()}", $"--Cluster:GatewayPort={ServerProcess.FreePort()}",
            "--Logging:LogLevel:Default=Warning", .. gatewayArgs,
        ]);
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    await process.WaitAsync(async () => server == "ceiling"
        ? await IsListeningAsync(grpcPort)
        : (await http.GetAsync($"http://127.0.0.1:{httpPort}/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(90));
    return process;
}

async Task<(ServerProcess Gateway, int GrpcPort, int HttpPort)> StartGatewayAsync()
{
    var grpcPort = ServerProcess.FreePort();
    var httpPort = ServerProcess.FreePort();
    var gateway = ServerProcess.Start("FlowGrain", Path.Combine(RepositoryRoot(), "src/Gateway/bin/Release/net10.0/FlowGrain.Gateway.dll"),
    [
        "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={grpcPort}", $"--Gateway:HttpPort={httpPort}",
        $"--Cluster:SiloPort={ServerProcess.FreePort()}", $"--Cluster:GatewayPort={ServerProcess.FreePort()}",
        "--Logging:LogLevel:Default=Warning", .. gatewayArgs,
    ]);
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    await gateway.WaitAsync(async () => (await http.GetAsync($"http://127.0.0.1:{httpPort}/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(90));
    return (gateway, grpcPort, httpPort);
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : fallback;
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "FlowGrain.sln"))) return directory.FullName;
    }

    throw new InvalidOperationException("Run the side-by-side runner from inside the FlowGrain checkout.");
}

static async Task<bool> IsListeningAsync(int port)
{
    using var client = new System.Net.Sockets.TcpClient();
    await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
    return true;
}
