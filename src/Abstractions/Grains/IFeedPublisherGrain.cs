using Orleans.Concurrency;
using FlowGrain.Abstractions.Feed;

namespace FlowGrain.Abstractions.Grains;

/// <summary>A silo-local worker that batches the owners' feed windows and delivers them to every gateway.</summary>
[Alias("flowgrain.IFeedPublisherGrain")]
public interface IFeedPublisherGrain : IGrainWithIntegerKey
{
    /// <summary>Queues a window for the next delivery.</summary>
    [Alias("Publish"), OneWay]
    Task PublishAsync(FeedWindow window);
}
