using FlowGrain.Abstractions.Grains;

namespace FlowGrain.Gateway.Feed;

/// <summary>
/// Keeps this gateway subscribed to the cluster's feed hub: subscribes at start and renews every 5 s, so the
/// subscription comes back by itself after the hub moves to another silo or the cluster restarts.
/// </summary>
public sealed partial class FeedSubscription(IGrainFactory grains, FlowFeed feed, ILogger<FeedSubscription> logger) : BackgroundService
{
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    private IFlowFeedObserver? _reference;

    /// <summary>Whether the last subscribe or renew call succeeded.</summary>
    public bool IsSubscribed { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<IFlowFeedObserver>(feed);
        var hub = grains.GetGrain<IFeedHubGrain>(0);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await hub.SubscribeAsync(_reference);
                if (!IsSubscribed) LogSubscribed(logger);
                IsSubscribed = true;
                await Task.Delay(Renewal, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                if (IsSubscribed) LogLost(logger, ex);
                IsSubscribed = false;
                await Task.Delay(Retry, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_reference is not null)
        {
            try
            {
                await grains.GetGrain<IFeedHubGrain>(0).UnsubscribeAsync(_reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception)
            {
                // The cluster may already be gone, or shutdown ran out of time; the hub's lease expires the subscription anyway.
            }
        }

        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to the cluster's live feed")]
    private static partial void LogSubscribed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the live feed subscription; retrying every second")]
    private static partial void LogLost(ILogger logger, Exception exception);
}
