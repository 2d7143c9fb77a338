using System.Collections.Immutable;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Time;

namespace FlowGrain.Grains;

/// <summary>Keeps the gateways' feed subscriptions; one that is not renewed within the lease lapses.</summary>
public sealed class FeedHubGrain(FlowClock clock) : Grain, IFeedHubGrain
{
    /// <summary>Gateways renew every 5 s; a lease of four periods survives a missed renewal or two.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(20);

    private readonly Dictionary<IFlowFeedObserver, DateTimeOffset> _subscribers = [];

    public Task SubscribeAsync(IFlowFeedObserver observer)
    {
        _subscribers[observer] = clock.TimeProvider.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IFlowFeedObserver observer)
    {
        _subscribers.Remove(observer);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<IFlowFeedObserver>> GetSubscribersAsync()
    {
        var now = clock.TimeProvider.GetUtcNow();
        foreach (var lapsed in _subscribers.Where(s => now - s.Value > Lease).Select(s => s.Key).ToList())
        {
            _subscribers.Remove(lapsed);
        }

        return Task.FromResult(_subscribers.Keys.ToImmutableArray());
    }
}
