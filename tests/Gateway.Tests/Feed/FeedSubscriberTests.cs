using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Feed;

namespace FlowGrain.Gateway.Tests.Feed;

/// <summary>Which windows a viewer's subscription takes: every window, or (for a stream that reads closed rows elsewhere) only those still filling.</summary>
public sealed class FeedSubscriberTests
{
    private const long Window = 1_800_000_000;
    private static readonly FlowKey Key = new() { SourceName = "api-*", SourceNamespace = "shop", DestName = "db-*", DestNamespace = "shop", Proto = "tcp", Reporter = Reporter.Src, Action = FlowAction.Allow };

    [Theory]
    [InlineData(false, new[] { FeedWindowState.Provisional, FeedWindowState.Closed })]
    [InlineData(true, new[] { FeedWindowState.Provisional })]
    public void A_subscriber_reads_the_windows_of_the_states_it_asked_for(bool provisionalOnly, FeedWindowState[] expected)
    {
        using var subscriber = new FeedSubscriber(FlowFilter.All, provisionalOnly, capacity: 4, _ => { });

        subscriber.Offer(Part(FeedWindowState.Provisional));
        subscriber.Offer(Part(FeedWindowState.Closed));

        var read = new List<FeedWindowState>();
        while (subscriber.TryRead(out var window)) read.Add(window.State);
        Assert.Equal(expected, read);
    }

    private static FeedWindow Part(FeedWindowState state) =>
        new("shop", Window, state, [new AggregatedFlow(Key, Window, Window + 15, LabelSet.Empty, LabelSet.Empty, new FlowCounters(0, 0, 1, 0, 0, 0, 0))]);
}
