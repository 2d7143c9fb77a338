using System.Collections.Concurrent;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Gateway.Observability;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Collector;

/// <summary>
/// Routes validated flows to their owner's queue. Collector streams hand flows here and answer with a receipt at
/// once; the queues deliver to the grains in the background. Drains on shutdown.
/// </summary>
public sealed class IngestPipeline(
    IGrainFactory grains,
    IOptions<CollectorOptions> options,
    GatewayMetrics metrics,
    ILogger<IngestPipeline> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, OwnerQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>Flows accepted by streams but not yet confirmed by their owner grain.</summary>
    public long Pending => _queues.Values.Sum(q => q.Pending);

    /// <summary>Number of owners this gateway has sent flows to.</summary>
    public int OwnerCount => _queues.Count;

    /// <summary>Queues a flow for its owner; false when backpressure lasted too long and it was dropped (and counted).</summary>
    public async ValueTask<bool> EnqueueAsync(FlowReport report, CancellationToken cancellationToken)
    {
        var queue = _queues.GetOrAdd(report.Key.Owner, owner =>
            new OwnerQueue(owner, grains.GetGrain<INamespaceFlowsGrain>(owner), options.Value, metrics, logger));
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
        await Task.WhenAll(_queues.Values.Select(q => q.Pump)).WaitAsync(cancellationToken);
    }
}
