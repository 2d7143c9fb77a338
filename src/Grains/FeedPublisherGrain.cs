using System.Collections.Immutable;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Grains;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace FlowGrain.Grains;

/// <summary>
/// One per silo: gathers the owners' feed windows and delivers them in batches straight to every subscribed
/// gateway, so no single grain carries the whole feed.
/// </summary>
[StatelessWorker(1)]
public sealed partial class FeedPublisherGrain(ILogger<FeedPublisherGrain> logger) : Grain, IFeedPublisherGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SubscriberRefresh = TimeSpan.FromSeconds(5);

    private readonly List<FeedWindow> _pending = [];
    private ImmutableArray<IFlowFeedObserver> _subscribers = [];
    private DateTimeOffset _subscribersAt = DateTimeOffset.MinValue;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions
        {
            DueTime = FlushInterval,
            Period = FlushInterval,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    public Task PublishAsync(FeedWindow window)
    {
        _pending.Add(window);
        return Task.CompletedTask;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0) return;
        var batch = new FeedBatch([.. _pending]);
        _pending.Clear();

        if (DateTimeOffset.UtcNow - _subscribersAt > SubscriberRefresh)
        {
            _subscribers = await GrainFactory.GetGrain<IFeedHubGrain>(0).GetSubscribersAsync();
            _subscribersAt = DateTimeOffset.UtcNow;
        }

        foreach (var subscriber in _subscribers)
        {
            try
            {
                await subscriber.OnFeedAsync(batch);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeliveryFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver a feed batch to a gateway; it will drop out of the hub unless it renews")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);
}
