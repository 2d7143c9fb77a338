using System.Collections.Immutable;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;
using FlowGrain.Gateway.Feed;
using Microsoft.Extensions.Time.Testing;

namespace FlowGrain.Gateway.Tests.Feed;

/// <summary>The live feed of an owner's shards goes out as the owner's: numbers summed per key, final once every shard that sent rows closed.</summary>
public sealed class ShardFeedMergerTests
{
    private const long Window = 1_800_000_000;
    private static readonly FlowKey Key = new() { SourceName = "api-*", SourceNamespace = "hot", DestName = "db-*", DestNamespace = "hot", Proto = "tcp", Reporter = Reporter.Src, Action = FlowAction.Allow };

    private readonly ShardFeedMerger _merger = new(new WindowGrid(new AggregationOptions()), new FlowClock(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Window + 20))));

    [Fact]
    public void Provisional_rows_of_two_shards_go_out_summed_under_the_owner_and_final_when_both_closed()
    {
        var first = _merger.Merge(Part("hot/0", FeedWindowState.Provisional, 10));
        var second = _merger.Merge(Part("hot/2", FeedWindowState.Provisional, 5));
        var grown = _merger.Merge(Part("hot/0", FeedWindowState.Provisional, 12));

        Assert.Equal(("hot", FeedWindowState.Provisional, 10L), (first.Owner, first.State, Single(first)));
        Assert.Equal(15, Single(second));
        Assert.Equal(17, Single(grown));

        var oneClosed = _merger.Merge(Part("hot/2", FeedWindowState.Closed, 6));
        Assert.Equal((FeedWindowState.Provisional, 18L), (oneClosed.State, Single(oneClosed))); // hot/0 may still add
        var bothClosed = _merger.Merge(Part("hot/0", FeedWindowState.Closed, 13));
        Assert.Equal((FeedWindowState.Closed, 19L), (bothClosed.State, Single(bothClosed)));
    }

    [Fact]
    public void Windows_of_an_owner_that_is_not_split_pass_through_as_they_are()
    {
        var window = Part("plain", FeedWindowState.Provisional, 3);

        Assert.Same(window, _merger.Merge(window));
    }

    private static FeedWindow Part(string owner, FeedWindowState state, long bytes) =>
        new(owner, Window, state, [new AggregatedFlow(Key, Window, Window + 15, LabelSet.Empty, LabelSet.Empty, new FlowCounters(0, 0, bytes, 0, 0, 0, 0))]);

    private static long Single(FeedWindow window) => Assert.Single(window.Flows).Counters.BytesIn;
}
