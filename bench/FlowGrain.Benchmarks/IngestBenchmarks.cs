using BenchmarkDotNet.Attributes;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Benchmarks;

/// <summary>
/// What one owner grain does per ingest call: hash each new key (as after deserialization), place the batch in its
/// window with dedup claims, sum counters, intersect labels. Each benchmark ingests two batches of 2000 reports.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int BatchSize = 2_000;

    /// <summary>Two batches of distinct keys into an empty window.</summary>
    [Benchmark(OperationsPerInvoke = 2 * BatchSize)]
    public IngestReceipt NewKeys()
    {
        var ring = NewRing();
        ring.Ingest(BenchFlows.Reports(BatchSize, BenchFlows.Epoch + 1), BenchFlows.Epoch + 16);
        return ring.Ingest(BenchFlows.Reports(BatchSize, BenchFlows.Epoch + 1, keyOffset: BatchSize), BenchFlows.Epoch + 16);
    }

    /// <summary>A second node reports the same keys: its batch is summed into existing aggregates.</summary>
    [Benchmark(OperationsPerInvoke = 2 * BatchSize)]
    public IngestReceipt ExistingKeys()
    {
        var ring = NewRing();
        ring.Ingest(BenchFlows.Reports(BatchSize, BenchFlows.Epoch + 1), BenchFlows.Epoch + 16);
        return ring.Ingest(BenchFlows.Reports(BatchSize, BenchFlows.Epoch + 1, node: "node-2"), BenchFlows.Epoch + 16);
    }

    /// <summary>A replay after a reconnect: the second batch is recognised as duplicates.</summary>
    [Benchmark(OperationsPerInvoke = 2 * BatchSize)]
    public IngestReceipt Replay()
    {
        var ring = NewRing();
        ring.Ingest(BenchFlows.Reports(BatchSize, BenchFlows.Epoch + 1), BenchFlows.Epoch + 16);
        return ring.Ingest(BenchFlows.Reports(BatchSize, BenchFlows.Epoch + 1), BenchFlows.Epoch + 16);
    }

    private static FlowRing NewRing() => new(new WindowGrid(new AggregationOptions()));
}
