using Orleans.Concurrency;
using FlowGrain.Abstractions.Feed;

namespace FlowGrain.Abstractions.Grains;

/// <summary>A gateway's single subscription to the live feed of the whole cluster.</summary>
[Alias("flowgrain.IFlowFeedObserver")]
public interface IFlowFeedObserver : IGrainObserver
{
    /// <summary>Receives windows that changed or closed.</summary>
    [Alias("OnFeed"), OneWay]
    Task OnFeedAsync(FeedBatch batch);
}
