using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Queries;

namespace FlowGrain.Benchmarks;

/// <summary>
/// Queries over one owner's full hour (240 closed windows): through the owner's key table (what the grain does for
/// List, FilterHints and Statistics) and by summing every row of the windows (what it does for per-interval lists).
/// </summary>
[MemoryDiagnoser]
public class ListBenchmarks
{
    private static readonly FlowFilter DenyInNamespace = new()
    {
        Actions = [FlowAction.Deny],
        Policies = [new PolicyMatch(PolicyKind.NetworkPolicy, new StringMatch(""), new StringMatch("ns-3"), new StringMatch(""), FlowAction.Unspecified)],
    };

    private FlowRing _ring = null!;
    private ImmutableArray<WindowView> _windows;
    private long _now;

    [Params(1_000, 5_000)]
    public int KeysPerWindow { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ring = new FlowRing(new WindowGrid(new AggregationOptions()));
        _now = BenchFlows.Epoch + 3600;
        for (var w = 0; w < 240; w++)
        {
            // Each window holds KeysPerWindow keys of four times as many, so keys recur in a quarter of the windows.
            _ring.Ingest(BenchFlows.Reports(KeysPerWindow, BenchFlows.Epoch + (15 * w) + 1, keyOffset: w % 4 * KeysPerWindow), BenchFlows.Epoch + (15 * w) + 16);
            _ring.CloseDue("shop", BenchFlows.Epoch + (15 * w) + 36);
        }

        _windows = _ring.Views(BenchFlows.Epoch, _now);
    }

    [Benchmark]
    public FlowPage KeyTable_FirstPageByTime() => KeyListing.List(_ring.KeysIn(BenchFlows.Epoch, _now, _now), Query(FlowFilter.All, FlowSort.Time));

    [Benchmark]
    public FlowPage KeyTable_FirstPageByDestName() => KeyListing.List(_ring.KeysIn(BenchFlows.Epoch, _now, _now), Query(FlowFilter.All, FlowSort.DestName));

    [Benchmark]
    public FlowPage KeyTable_FilteredByPolicyAndAction() =>
        KeyListing.List(_ring.KeysIn(BenchFlows.Epoch, _now, _now), Query(DenyInNamespace, FlowSort.DestNamespace, FlowSort.SourceName));

    [Benchmark]
    public FlowPage KeyTable_LastFiveMinutes() => KeyListing.List(_ring.KeysIn(_now - 300, _now, _now), Query(FlowFilter.All, FlowSort.Time));

    [Benchmark]
    public ImmutableArray<string> KeyTable_HintsDestName() =>
        FilterHintValues.Of(_ring.KeysIn(BenchFlows.Epoch, _now, _now), new HintsQuery(default, FlowFilter.All, HintField.DestName));

    [Benchmark]
    public ImmutableArray<PolicyStatistics> TraceTotals_StatisticsByPolicy() =>
        PolicyStatisticsCalculator.Of(_ring.KeysIn(BenchFlows.Epoch, _now, _now).TraceTotals(), Statistics());

    [Benchmark]
    public FlowPage RowScan_FirstPageByTime() => FlowListing.List(_windows, Query(FlowFilter.All, FlowSort.Time));

    [Benchmark]
    public FlowPage RowScan_FilteredByPolicyAndAction() => FlowListing.List(_windows, Query(DenyInNamespace, FlowSort.DestNamespace, FlowSort.SourceName));

    [Benchmark]
    public FlowPage RowScan_PerMinuteBuckets() => FlowListing.List(_windows, new FlowListQuery(default, FlowFilter.All, [FlowSort.Time], 100, AggregationInterval: 60));

    [Benchmark]
    public ImmutableArray<PolicyStatistics> RowScan_StatisticsByPolicy() => PolicyStatisticsCalculator.Of(_windows, Statistics());

    private static FlowListQuery Query(FlowFilter filter, params FlowSort[] sort) => new(default, filter, [.. sort], 100);

    private static StatisticsQuery Statistics() =>
        new(default, StatisticKind.PacketCount, StatisticsGrouping.Policy, new PolicyMatch(PolicyKind.Unspecified, new(""), new(""), new(""), FlowAction.Unspecified), TimeSeries: true);
}
