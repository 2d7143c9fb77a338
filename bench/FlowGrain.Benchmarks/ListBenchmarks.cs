using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Queries;

namespace FlowGrain.Benchmarks;

/// <summary>A List over one owner's full hour (240 closed windows): what a grain computes off its thread per query.</summary>
[MemoryDiagnoser]
public class ListBenchmarks
{
    private ImmutableArray<WindowView> _windows;

    [Params(1_000)]
    public int KeysPerWindow { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var ring = new FlowRing(new WindowGrid(new AggregationOptions()));
        var now = BenchFlows.Epoch + 3600;
        for (var w = 0; w < 240; w++)
        {
            ring.Ingest(BenchFlows.Reports(KeysPerWindow, BenchFlows.Epoch + (15 * w) + 1), BenchFlows.Epoch + (15 * w) + 16);
            ring.CloseDue("shop", BenchFlows.Epoch + (15 * w) + 36);
        }

        _windows = ring.Views(BenchFlows.Epoch, now);
    }

    [Benchmark]
    public FlowPage FirstPageByTime() => FlowListing.List(_windows, new FlowListQuery(default, FlowFilter.All, [FlowSort.Time], 100));

    [Benchmark]
    public FlowPage FilteredByPolicyAndAction() => FlowListing.List(_windows, new FlowListQuery(default, new FlowFilter
    {
        Actions = [FlowAction.Deny],
        Policies = [new PolicyMatch(PolicyKind.NetworkPolicy, new StringMatch(""), new StringMatch("ns-3"), new StringMatch(""), FlowAction.Unspecified)],
    }, [FlowSort.DestNamespace, FlowSort.SourceName], 100));

    [Benchmark]
    public FlowPage PerMinuteBuckets() => FlowListing.List(_windows, new FlowListQuery(default, FlowFilter.All, [FlowSort.Time], 100, AggregationInterval: 60));
}
