using System.Diagnostics;
using System.Globalization;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;
using FlowGrain.Gateway;
using FlowGrain.Gateway.Collector;
using FlowGrain.Grains.Aggregation;
using Microsoft.Extensions.DependencyInjection;
using static FlowGrain.Benchmarks.RunSupport;

namespace FlowGrain.Benchmarks;

/// <summary>
/// The collector's path without the network, against the engine ceiling, in one run: the same updates are decoded,
/// validated and aggregated on one core in a loop (the ceiling), then decoded, validated and handed to a standalone
/// gateway's ingest pipeline inside this process, which batches them per owner and calls the owner grains (Orleans,
/// in-process silo) until every flow has reached its grain. <c>--owners</c> sets how many namespaces the flows are
/// spread over (8), <c>--shards</c> how many shards each owner is split into (1: unsplit).
/// </summary>
public static class PipelineRun
{
    private const int Nodes = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var flows = Option(args, "--flows", 1_000_000);
        var owners = Option(args, "--owners", 8);
        var shards = Option(args, "--shards", 1);
        var keys = flows / Nodes;
        await using var gateway = await StartGatewayAsync(shards);

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var updates = Enumerable.Range(0, keys).Select(k => WireUpdates.Encode(k, $"shop-{k % owners}", now - 5)).ToArray();
        Console.WriteLine($"pipeline: {flows:N0} flows ({keys:N0} keys over {owners} owner(s) in {shards} shard(s) each, each from {Nodes} nodes), {Environment.ProcessorCount} cores");

        var ceiling = EngineCeiling(updates, now);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine ceiling (one core: decode, validate, aggregate): {ceiling:N0} flows/s"));

        var pipeline = await PipelineAsync(gateway, updates, now);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"collector → batcher → grains, in process ({Environment.ProcessorCount} cores): {pipeline:N0} flows/s = {pipeline / ceiling:P0} of the engine ceiling"));
        await gateway.StopAsync();
        return 0;
    }

    /// <summary>A standalone gateway in this process; with shards, once its owners' shard count is in force (a minute after it is set).</summary>
    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartGatewayAsync(int shards)
    {
        var gateway = GatewayApp.Build(
        [
            "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={FreePort()}", $"--Gateway:HttpPort={FreePort()}",
            $"--Cluster:SiloPort={FreePort()}", $"--Cluster:GatewayPort={FreePort()}", "--Logging:LogLevel:Default=Warning",
            $"--Aggregation:DefaultShards={shards}",
        ]);
        await gateway.StartAsync();
        var routing = gateway.Services.GetRequiredService<ShardRouting>();
        var grid = gateway.Services.GetRequiredService<WindowGrid>();
        await routing.Known;
        if (shards > 1) Console.WriteLine($"pipeline: waiting for {shards} shards to take effect (up to {4 * grid.Width + 10} s) …");
        // Flows are stamped 5 s back: their window must already be one the count holds for.
        while (routing.Schedule.ShardsAt("any", grid.StartOf(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5)) != shards)
        {
            await Task.Delay(500);
        }

        return gateway;
    }

    private static double EngineCeiling(byte[][] updates, long now)
    {
        var rings = new Dictionary<string, FlowRing>(StringComparer.Ordinal);
        var batch = new List<FlowReport>(updates.Length);
        var clock = Stopwatch.StartNew();
        for (var node = 0; node < Nodes; node++)
        {
            batch.Clear();
            foreach (var bytes in updates) batch.Add(WireUpdates.Decode(bytes, $"node-{node}", now));
            foreach (var owner in batch.GroupBy(r => r.Key.Owner))
            {
                if (!rings.TryGetValue(owner.Key, out var ring)) rings[owner.Key] = ring = new FlowRing(new WindowGrid(new AggregationOptions()));
                ring.Ingest(owner, now);
            }
        }

        return (double)Nodes * updates.Length / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> PipelineAsync(Microsoft.AspNetCore.Builder.WebApplication gateway, byte[][] updates, long now)
    {
        var pipeline = gateway.Services.GetRequiredService<IngestPipeline>();

        // As the collector's streams do: one producer per node, each update decoded, validated and queued in turn.
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Nodes).Select(node => Task.Run(async () =>
        {
            foreach (var bytes in updates)
            {
                if (!await pipeline.EnqueueAsync(WireUpdates.Decode(bytes, $"node-{node}", now), CancellationToken.None))
                    throw new InvalidOperationException("The pipeline dropped a flow under backpressure.");
            }
        })));
        await pipeline.DrainAsync(CancellationToken.None);
        return (double)Nodes * updates.Length / clock.Elapsed.TotalSeconds;
    }
}
