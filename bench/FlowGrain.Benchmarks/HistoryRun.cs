using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Queries;
using FlowGrain.Grains.Storage;
using static FlowGrain.Benchmarks.RunSupport;

namespace FlowGrain.Benchmarks;

/// <summary>
/// 24 hours of roll-ups on one owner: <c>--keys</c> distinct keys, each in a quarter of the 5-minute roll-ups of the
/// day (written as window storage holds them, and read back as an activation does: the day is not replayed), then
/// List over the whole day in every sort, FilterHints and Statistics, and the memory each roll-up row takes.
/// </summary>
public static class HistoryRun
{
    public static int Run(string[] args)
    {
        var keys = Option(args, "--keys", 150_000);
        var runs = Option(args, "--runs", 20);
        var grid = new WindowGrid(new AggregationOptions(), new HistoryOptions());
        var now = BenchFlows.Epoch + grid.HistoryRetention + 3600 + 7;
        Console.WriteLine($"history: {keys:N0} keys over the roll-ups of {grid.HistoryRetention / 3600} h, each key in a quarter of them");

        var stored = Stored(grid, keys, now, out var rows);
        var baseline = Heap();
        var clock = Stopwatch.StartNew();
        var ring = Restore(grid, stored, now);
        var loaded = clock.Elapsed;
        var retained = Heap() - baseline;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"history: {rows:N0} roll-up rows read back in {loaded.TotalSeconds:0.0} s; {retained / 1e6:N0} MB retained, {(double)retained / rows:0.0} bytes per roll-up row"));

        var from = now - grid.HistoryRetention;
        var results = new List<(string Query, double[] Ms)>();
        foreach (var sort in Enum.GetValues<FlowSort>())
        {
            results.Add(($"List, 24 h, page of 100, {sort}", Time(runs, () =>
                KeyListing.List(ring.KeysIn(from, now + 1, now), new FlowListQuery(new TimeRange(from, now + 1), FlowFilter.All, [sort], 100)))));
        }

        results.Add(("FilterHints (dest names), 24 h", Time(runs, () =>
            FilterHintValues.Of(ring.KeysIn(from, now + 1, now), new HintsQuery(new TimeRange(from, now + 1), FlowFilter.All, HintField.DestName)))));
        results.Add(("Statistics (packets by policy, time series), 24 h", Time(runs, () =>
            PolicyStatisticsCalculator.Of(ring.KeysIn(from, now + 1, now).TraceTotals(),
                new StatisticsQuery(new TimeRange(from, now + 1), StatisticKind.PacketCount, StatisticsGrouping.Policy, PolicyMatch.Any, TimeSeries: true)))));

        Console.WriteLine();
        Console.WriteLine("| Query | Runs | p50 | p99 |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (query, ms) in results)
        {
            Array.Sort(ms);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {query} | {ms.Length} | {ms[ms.Length / 2]:N1} ms | {ms[(int)Math.Ceiling(0.99 * ms.Length) - 1]:N1} ms |"));
        }

        GC.KeepAlive(ring);
        return 0;
    }

    /// <summary>The day's roll-ups as window storage holds them (encoded blocks, one per roll-up).</summary>
    private static StoredOwner Stored(WindowGrid grid, int keys, long now, out long rows)
    {
        var seam = grid.HistorySeam(now);
        var windows = ImmutableArray.CreateBuilder<StoredWindow>();
        rows = 0;
        var block = new List<AggregatedFlow>();
        var reports = BenchFlows.Reports(keys, 0);
        var b = 0;
        for (var start = grid.OldestHistoryStart(now); start < seam; start += grid.RollupWidth, b++)
        {
            block.Clear();
            for (var k = 0; k < keys; k++)
            {
                if ((k * 31 + b * 17) % 4 != 0) continue;
                var r = reports[k];
                block.Add(new AggregatedFlow(r.Key, start, start + grid.RollupWidth, r.SourceLabels, r.DestLabels, r.Counters));
            }

            rows += block.Count;
            windows.Add(new StoredWindow(start, FlowBlockCodec.Encode(block, []), null, []));
        }

        return new StoredOwner(ImmutableDictionary<string, int>.Empty, [], windows.ToImmutable());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FlowRing Restore(WindowGrid grid, StoredOwner stored, long now)
    {
        var ring = new FlowRing(grid);
        ring.Restore(stored, now);
        return ring;
    }

    private static double[] Time(int runs, Func<object> query)
    {
        query(); // compiled and warm
        var ms = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            query();
            ms[i] = clock.Elapsed.TotalMilliseconds;
        }

        return ms;
    }


}
