using System.IO;
using System.Diagnostics;
using FlowGrain.FlowGen;

namespace FlowGrain.SideBySide;

/// <summary>One FlowGen run against one server: the receipt rate from the first receipt to the last, latency and memory.</summary>
internal sealed record Measurement(string Server, string Mode, long Receipts, double FlowsPerSecond, double P50Ms, double P99Ms, double ResidentMiB, string Verified)
{
    public static async Task<Measurement> RunAsync(IServerUnderTest server, string mode, FlowGenOptions options)
    {
        var generator = new FlowGenerator(options, TextWriter.Null);
        using var sampling = new CancellationTokenSource();
        // Receipts are sampled every 20 ms: the rate is taken between the first and the last, so FlowGen's start-up
        // (model, connections, the first interval's wait) and the verification afterwards do not count.
        var first = (Time: 0L, Count: 0L);
        var last = (Time: 0L, Count: 0L);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var count = generator.Stats.Receipts;
                var now = Stopwatch.GetTimestamp();
                if (count > 0 && first.Count == 0) first = (now, count);
                if (count > last.Count) last = (now, count);
                await Task.Delay(20, CancellationToken.None);
            }
        });

        var exit = await generator.RunAsync(CancellationToken.None);
        await sampling.CancelAsync();
        await sampler;
        var seconds = Stopwatch.GetElapsedTime(first.Time, last.Time).TotalSeconds;
        var rate = seconds > 0 ? (last.Count - first.Count) / seconds : 0;
        return new Measurement(server.Name, mode, generator.Stats.Receipts, rate,
            generator.Stats.LatencyPercentile(50), generator.Stats.LatencyPercentile(99), server.ResidentMiB,
            options.Verify ? (exit == 0 ? "exact" : "FAILED") : "—");
    }
}
