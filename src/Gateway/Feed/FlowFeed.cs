using System.Collections.Immutable;
using System.Threading.Channels;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Time;
using System.Diagnostics.Metrics;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Observability;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Feed;

/// <summary>
/// This gateway's one subscription to the cluster's live feed, fanned out to every viewer. Deliveries from the
/// cluster are queued and dispatched on a separate loop, so a burst never blocks the cluster's calls; the windows of
/// an owner's shards go out as the owner's (<see cref="ShardFeedMerger"/>).
/// </summary>
public sealed class FlowFeed : IFlowFeedObserver, IHostedService
{
    private readonly IOptions<QueryOptions> options;
    private readonly ShardFeedMerger _shards;
    private readonly Channel<FeedBatch> _incoming = Channel.CreateUnbounded<FeedBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private ImmutableArray<FeedSubscriber> _subscribers = [];
    private Task? _dispatcher;
    private long _batchesReceived;

    public FlowFeed(IOptions<QueryOptions> options, IMeterFactory meterFactory, WindowGrid grid, FlowClock clock)
    {
        this.options = options;
        _shards = new ShardFeedMerger(grid, clock);
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge("flowgrain_live_viewers", () => SubscriberCount, "{viewer}", "Live viewers subscribed to this gateway's feed.");
        meter.CreateObservableCounter("flowgrain_feed_batches", () => BatchesReceived, "{batch}", "Feed batches received from the cluster.");
    }

    /// <summary>Viewers currently subscribed.</summary>
    public int SubscriberCount => _subscribers.Length;

    /// <summary>Batches received from the cluster so far (for health and tests).</summary>
    public long BatchesReceived => Interlocked.Read(ref _batchesReceived);

    /// <summary>
    /// Starts a viewer's subscription to every window, or with <paramref name="provisionalOnly"/> to the windows still
    /// filling only; dispose it to stop. The caller holds a <see cref="Limits.LiveStreams"/> slot for it.
    /// </summary>
    public FeedSubscriber Subscribe(FlowFilter filter, bool provisionalOnly = false)
    {
        lock (_gate)
        {
            var subscriber = new FeedSubscriber(filter, provisionalOnly, this.options.Value.StreamBuffer, Unsubscribe);
            _subscribers = _subscribers.Add(subscriber);
            return subscriber;
        }
    }

    public Task OnFeedAsync(FeedBatch batch)
    {
        _incoming.Writer.TryWrite(batch);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _dispatcher = Task.Run(DispatchAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _incoming.Writer.TryComplete();
        if (_dispatcher is null) return;
        // Handing out what already arrived takes no time; past the host's shutdown timeout it is not worth waiting for.
        await _dispatcher.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task DispatchAsync()
    {
        await foreach (var batch in _incoming.Reader.ReadAllAsync())
        {
            Interlocked.Increment(ref _batchesReceived);
            var subscribers = _subscribers;
            foreach (var delivered in batch.Windows)
            {
                var window = _shards.Merge(delivered);
                foreach (var subscriber in subscribers)
                {
                    subscriber.Offer(window);
                }
            }
        }
    }

    private void Unsubscribe(FeedSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscriber);
        }
    }
}
