using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using static FlowGrain.Benchmarks.RunSupport;

namespace FlowGrain.Benchmarks;

/// <summary>
/// Memory per retained key-window: one owner takes <c>--keys</c> distinct keys in each of <c>--windows</c> 15-second
/// windows (240 = the default hour), through the engine as a grain would (fresh key objects per report, as
/// deserialisation makes them), closes and expires them as time goes by, and reports the managed heap it keeps per
/// key-window, plus the bytes per key-window that the closed windows take in window storage.
/// </summary>
public static class WindowMemory
{
    public static int Run(string[] args)
    {
        var keys = Option(args, "--keys", 150_000);
        var windows = Option(args, "--windows", 240);
        var grid = new WindowGrid(new AggregationOptions());
        var ring = new FlowRing(grid);
        var start = BenchFlows.Epoch;
        Console.WriteLine($"window memory: {keys:N0} keys × {windows} windows of {grid.Width} s = {(long)keys * windows:N0} key-windows");

        _ = BenchFlows.Reports(1, start); // the shared name table exists before the baseline: it is the bench's, not the ring's
        var baseline = Heap();
        var storageBytes = Fill(ring, keys, windows, start);
        var retained = Heap() - baseline;
        var keyWindows = (long)keys * windows;
        GC.KeepAlive(ring);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result: {keyWindows:N0} key-windows retained in {retained / 1e6:N0} MB: {(double)retained / keyWindows:0.0} bytes per key-window in memory; " +
            $"{(double)storageBytes / keyWindows:0.0} bytes per key-window as closed-window blocks in storage"));
        return 0;
    }

    /// <summary>
    /// Feeds and closes the windows. A method of its own so that none of its temporaries (report batches, published
    /// windows) are still on the stack when the caller measures the heap.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Fill(FlowRing ring, int keys, int windows, long start)
    {
        var grid = ring.Grid;
        var clock = Stopwatch.StartNew();
        long storageBytes = 0;
        for (var w = 0; w < windows; w++)
        {
            var windowStart = start + (w * grid.Width);
            ring.Ingest(BenchFlows.Reports(keys, windowStart), windowStart + 1);
            foreach (var closed in ring.CloseDue("bench", windowStart + 1)) storageBytes += FlowBlockCodec.Encode(closed.Flows, []).Length;
            ring.Expire(windowStart + 1);
            if ((w + 1) % 10 == 0 || w + 1 == windows)
            {
                Console.WriteLine($"  {w + 1}/{windows} windows, {clock.Elapsed.TotalSeconds:0} s");
            }
        }

        // Close the last window too; only closed history remains (with claims for the last 10 minutes).
        var end = start + (windows * grid.Width) + grid.CloseDelay;
        foreach (var closed in ring.CloseDue("bench", end)) storageBytes += FlowBlockCodec.Encode(closed.Flows, []).Length;
        ring.Expire(end);
        return storageBytes;
    }


}
