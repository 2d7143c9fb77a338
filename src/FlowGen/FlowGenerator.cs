using System.IO;
using System.Diagnostics;
using FlowGrain.FlowGen.Model;
using FlowGrain.FlowGen.Reporting;
using FlowGrain.FlowGen.Traffic;
using FlowGrain.FlowGen.Verification;
using FlowGrain.Protocol;

namespace FlowGrain.FlowGen;

/// <summary>Runs a simulation: builds the cluster, starts one reporter per node, prints progress, and optionally verifies.</summary>
public sealed class FlowGenerator(FlowGenOptions options, TextWriter output, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public RunStats Stats { get; } = new();

    public SentLedger Ledger { get; } = new();

    /// <summary>Runs to the end of the duration (or cancellation); returns the process exit code: 0 ok, 1 verification failed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var model = ClusterModel.Build(options);
        var targets = options.TargetUris;
        // One connection per node and target, as every Felix has its own; a node uses one target at a time.
        var channels = model.Nodes.Select(_ => targets.Select(uri => CollectorChannels.Create(uri, options)).ToList()).ToList();
        try
        {
            output.WriteLine($"flowgen: {options.Nodes} nodes × {options.FlowsPerNode} flows every {options.Interval.TotalSeconds:0.#} s " +
                             $"across {options.Namespaces} namespaces → {string.Join(", ", targets)} " +
                             $"({(options.Inflight == 1 ? "stop-and-wait" : $"{options.Inflight} in flight")}" +
                             $"{(options.DisconnectEvery is { } d ? $", disconnect every {d.TotalSeconds:0.#} s" : "")}" +
                             $"{(options.Tag.Length > 0 ? $", tag {options.Tag}" : "")})");

            var reporters = model.Nodes.Select((node, i) => new NodeReporter(node,
                new NodeTraffic(model, i, options.FlowsPerNode, options.Seed + i + 1), options,
                new CollectorTargets([.. channels[i].Select((channel, t) => (targets[t], new FlowCollector.FlowCollectorClient(channel)))], first: i),
                Stats, Ledger, _time, options.ProgressEvery is null ? null : output.WriteLine)).ToList();

            var started = Stopwatch.GetTimestamp();
            using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var progress = ReportProgressAsync(started, progressStop.Token);

            // Nodes flush at staggered moments within an interval, as independent Felix timers would.
            await Task.WhenAll(reporters.Select((reporter, i) =>
                reporter.RunAsync(options.Interval + (options.Interval * i / reporters.Count), cancellationToken)));

            await progressStop.CancelAsync();
            await progress;
            PrintLine("done", started);

            if (!options.Verify) return 0;
            var verifier = new Verifier([.. channels[0].Select((channel, t) => (targets[t], new Flows.FlowsClient(channel)))], model, Ledger, output, _time);
            return await verifier.VerifyAsync(options.VerifyTimeout, cancellationToken) ? 0 : 1;
        }
        finally
        {
            channels.SelectMany(c => c).ToList().ForEach(channel => channel.Dispose());
        }
    }

    private async Task ReportProgressAsync(long started, CancellationToken cancellationToken)
    {
        if (options.ProgressEvery is not { } every) return;
        try
        {
            while (true)
            {
                await Task.Delay(every, _time, cancellationToken);
                PrintLine("progress", started);
            }
        }
        catch (OperationCanceledException)
        {
            // Run finished.
        }
    }

    private void PrintLine(string label, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var rate = Stats.Receipts / Math.Max(elapsed.TotalSeconds, 0.001);
        output.WriteLine($"flowgen {label}: {elapsed.TotalSeconds:0} s, generated {Stats.Generated} flows, sent {Stats.Sent} updates " +
                         $"({Stats.Replayed} replayed, {Stats.BadSent} invalid), receipts {Stats.Receipts} ({rate:0}/s), " +
                         $"receipt latency p50 {Stats.LatencyPercentile(50):0.00} ms p99 {Stats.LatencyPercentile(99):0.00} ms, " +
                         $"reconnects {Stats.Reconnects}");
    }
}
