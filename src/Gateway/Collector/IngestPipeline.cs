using System.Collections.Concurrent;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Storage;
using FlowGrain.Gateway.Observability;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Collector;

/// <summary>
/// Routes validated flows to their owner's queue. Collector streams hand flows here and answer with a receipt at
/// once; the queues deliver to the grains in the background and keep what they delivered until it is durable.
/// On shutdown it sends everything queued and waits until it is durable, for as long as the host allows.
/// </summary>
public sealed partial class IngestPipeline(
    IGrainFactory grains,
    ShardRouting routing,
    IOptions<CollectorOptions> options,
    IOptions<DurabilityOptions> durability,
    GatewayMetrics metrics,
    ILogger<IngestPipeline> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, OwnerQueue> _queues = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abandon = new();

    /// <summary>Flows accepted by streams but not yet confirmed by their owner grain.</summary>
    public long Pending => _queues.Values.Sum(q => q.Pending);

    /// <summary>Flows confirmed by their owner grain but not yet durable there.</summary>
    public long Retained => _queues.Values.Sum(q => q.Retained);

    /// <summary>Number of owners (and shards) this gateway has sent flows to.</summary>
    public int OwnerCount => _queues.Count;

    /// <summary>Queues a flow for its owner (or the owner's shard); false when backpressure lasted too long and it was dropped (and counted).</summary>
    public async ValueTask<bool> EnqueueAsync(FlowReport report, CancellationToken cancellationToken)
    {
        if (!routing.Known.IsCompleted) await routing.Known.WaitAsync(cancellationToken);
        var queue = _queues.GetOrAdd(routing.OwnerKeyOf(report), owner =>
            new OwnerQueue(owner, grains.GetGrain<INamespaceFlowsGrain>(owner), options.Value, durability.Value, metrics, logger, _abandon.Token));
        if (await queue.EnqueueAsync(report, cancellationToken)) return true;

        metrics.Dropped(DropReasons.Backpressure);
        return false;
    }

    /// <summary>Waits until every accepted flow has reached its owner grain.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (Pending > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _queues.Values) queue.Complete();
        var pumps = Task.WhenAll(_queues.Values.Select(q => q.Pump));
        try
        {
            await pumps.WaitAsync(cancellationToken);
            LogFlushed(logger, _queues.Count);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout passed: the nodes replay whatever is still held here once they reconnect elsewhere.
            LogAbandoned(logger, Pending, Retained);
            await _abandon.CancelAsync();
            await pumps;
        }
    }

    public void Dispose() => _abandon.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest pipeline stopped: every flow of {Owners} owner queues was delivered and is durable")]
    private static partial void LogFlushed(ILogger logger, int owners);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest pipeline stopped before {Pending} queued and {Retained} delivered flows were durable; the nodes' replays bring them back")]
    private static partial void LogAbandoned(ILogger logger, long pending, long retained);
}
