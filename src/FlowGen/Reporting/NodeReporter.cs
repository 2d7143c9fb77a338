using System.IO;
using System.Threading.Channels;
using FlowGrain.FlowGen.Traffic;
using FlowGrain.Protocol;
using Grpc.Core;

namespace FlowGrain.FlowGen.Reporting;

/// <summary>
/// One simulated node, behaving like Felix: flushes its flows every interval into an outbox, sends them on one
/// Connect stream, and on every reconnect (backoff 1 s to 10 s, to the next target if there are several) first
/// replays all it sent in the last 5 minutes.
/// </summary>
internal sealed class NodeReporter(
    string node,
    NodeTraffic traffic,
    FlowGenOptions options,
    CollectorTargets targets,
    RunStats stats,
    SentLedger ledger,
    TimeProvider time,
    Action<string>? log = null)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly Channel<FlowUpdate> _outbox = Channel.CreateUnbounded<FlowUpdate>(new() { SingleReader = true, SingleWriter = true });
    private readonly ReplayBuffer _replay = new(options.ReplayWindow, time);

    public string Node => node;

    /// <summary>Reports for the configured duration (or until cancelled), then delivers what is left and closes the stream.</summary>
    public async Task RunAsync(TimeSpan firstFlushAfter, CancellationToken cancellationToken)
    {
        var sending = SendAsync(cancellationToken);
        try
        {
            await GenerateAsync(firstFlushAfter, cancellationToken);
        }
        finally
        {
            _outbox.Writer.TryComplete();
        }

        await sending;
    }

    private async Task GenerateAsync(TimeSpan firstFlushAfter, CancellationToken cancellationToken)
    {
        var origin = time.GetUtcNow() + firstFlushAfter - options.Interval;
        var intervals = options.Duration is { } duration ? (long)(duration / options.Interval) : long.MaxValue;
        for (long k = 0; k < intervals; k++)
        {
            var intervalStart = origin + (options.Interval * k);
            var flushAt = intervalStart + options.Interval;
            var wait = flushAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken);

            var start = intervalStart.ToUnixTimeSeconds();
            var flows = traffic.NextInterval(start);
            foreach (var flow in flows)
            {
                ledger.Record(flow);
                _outbox.Writer.TryWrite(new FlowUpdate { Flow = flow });
            }

            stats.AddGenerated(flows.Count);
            for (var i = 0; i < options.BadFlowsPerInterval; i++)
            {
                _outbox.Writer.TryWrite(BadFlows.Make(i, start));
                stats.AddBad();
            }
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var reconnect = false;
        FlowUpdate? unsent = null;
        while (true)
        {
            using var disconnect = options.DisconnectEvery is { } every ? new CancellationTokenSource(every, time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disconnect.Token);
            try
            {
                await using var stream = new CollectorStream(targets.Client, node, options.Inflight, stats, linked.Token);
                if (reconnect)
                {
                    foreach (var update in _replay.Snapshot())
                    {
                        await stream.SendAsync(update, linked.Token);
                        stats.AddSent(replay: true);
                    }
                }

                backoff = TimeSpan.FromSeconds(1);
                while (unsent is not null || await _outbox.Reader.WaitToReadAsync(linked.Token))
                {
                    if (unsent is null && !_outbox.Reader.TryRead(out unsent)) continue;
                    await stream.SendAsync(unsent, linked.Token);
                    _replay.Add(unsent);
                    stats.AddSent(replay: false);
                    unsent = null;
                }

                await stream.CompleteAsync();
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is RpcException or IOException or OperationCanceledException)
            {
                stats.AddReconnect();
                reconnect = true;
                var from = targets.Address;
                targets.MoveNext();
                log?.Invoke($"flowgen reconnect: node {node} lost {from} ({Reason(ex)}); replaying to {targets.Address}");
                await Task.Delay(backoff, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private static string Reason(Exception ex) => ex switch
    {
        RpcException rpc => rpc.StatusCode.ToString(),
        OperationCanceledException => "disconnect",
        _ => ex.GetType().Name,
    };
}
