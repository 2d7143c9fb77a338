using Orleans.Concurrency;
using System.Collections.Immutable;

namespace FlowGrain.Abstractions.Grains;

/// <summary>Keeps the gateways' feed subscriptions; a subscription lapses unless renewed. One instance, key 0.</summary>
[Alias("flowgrain.IFeedHubGrain")]
public interface IFeedHubGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or renews a gateway's subscription.</summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IFlowFeedObserver observer);

    /// <summary>Ends a gateway's subscription.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IFlowFeedObserver observer);

    /// <summary>The subscriptions that have not lapsed.</summary>
    [Alias("GetSubscribers"), AlwaysInterleave]
    Task<ImmutableArray<IFlowFeedObserver>> GetSubscribersAsync();
}
