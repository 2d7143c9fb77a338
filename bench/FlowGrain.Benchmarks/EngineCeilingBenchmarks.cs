using BenchmarkDotNet.Attributes;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;
using FlowGrain.Gateway.Collector;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Benchmarks;

/// <summary>
/// The engine ceiling: what one core does per flow with no network and no Orleans — decode the FlowUpdate bytes,
/// validate and canonicalise them into a report, aggregate the batch in its window. The gateway and grains add
/// HTTP/2, queues and grain calls on top of exactly this.
/// </summary>
[MemoryDiagnoser]
public class EngineCeilingBenchmarks
{
    private const int BatchSize = 2_000;

    private byte[][] _updates = [];

    [GlobalSetup]
    public void EncodeUpdates() => _updates = [.. Enumerable.Range(0, BatchSize).Select(k => WireUpdates.Encode(k, "shop", BenchFlows.Epoch + 1))];

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public IngestReceipt DecodeValidateAggregate()
    {
        var reports = new List<FlowReport>(BatchSize);
        foreach (var bytes in _updates)
        {
            reports.Add(WireUpdates.Decode(bytes, "node-1", BenchFlows.Epoch + 16));
        }

        return new FlowRing(new WindowGrid(new AggregationOptions())).Ingest(reports, BenchFlows.Epoch + 16);
    }
}
