using BenchmarkDotNet.Attributes;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Benchmarks;

/// <summary>
/// Late reports into a closed window of 20,000 keys, in the small batches that Felix-style streams make (about a
/// dozen flows per grain call), then one read of the window. Every batch used to repack the whole window.
/// </summary>
[MemoryDiagnoser]
public class LateReportBenchmarks
{
    private const int WindowKeys = 20_000;
    private const int BatchSize = 12;
    private const int Batches = 500;

    private FlowRing _ring = null!;
    private FlowReport[][] _late = [];
    private long _now;

    [IterationSetup]
    public void CloseAWindow()
    {
        _ring = new FlowRing(new WindowGrid(new AggregationOptions()));
        _ring.Ingest(BenchFlows.Reports(WindowKeys, BenchFlows.Epoch + 1), BenchFlows.Epoch + 2);
        _now = BenchFlows.Epoch + 15 + 21;
        _ring.CloseDue("bench", _now);
        // Another node's reports of keys the window has, a dozen per call.
        var late = BenchFlows.Reports(BatchSize * Batches, BenchFlows.Epoch + 3, node: "node-2");
        _late = [.. late.Chunk(BatchSize)];
    }

    [Benchmark(OperationsPerInvoke = BatchSize * Batches)]
    public int IngestLateBatchesThenRead()
    {
        foreach (var batch in _late) _ring.Ingest(batch, _now);
        return _ring.Views(BenchFlows.Epoch, BenchFlows.Epoch + 15).Single().Flows.Count;
    }
}
