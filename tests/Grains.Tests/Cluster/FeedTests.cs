using System.Collections.Concurrent;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Grains;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>Owners publish provisional and closed windows to every subscribed observer; an unrenewed subscription lapses.</summary>
[Collection(OrleansCluster.Name)]
public sealed class FeedTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_subscriber_gets_provisional_rows_within_seconds_then_the_closed_window()
    {
        var received = new FeedRecorder();
        var reference = fixture.Client.CreateObjectReference<IFlowFeedObserver>(received);
        var hub = fixture.Client.GetGrain<IFeedHubGrain>(0);
        await hub.SubscribeAsync(reference);
        try
        {
            var owner = $"feed-{Guid.NewGuid():N}";
            var window = fixture.Now / 15 * 15;
            // A publisher that is already active learns of a new subscriber within a few seconds: until then the rows
            // it publishes miss this one, so another node keeps reporting the same keys until they arrive.
            var node = 0;
            await Eventually.TrueAsync(async () =>
            {
                await fixture.Client.GetGrain<INamespaceFlowsGrain>(owner).IngestAsync(ClusterReports.Batch(owner, window + 1, 3, node: $"node-{node++}"));
                await Task.Delay(500);
                return received.Rows(owner, FeedWindowState.Provisional) == 3;
            }, "provisional rows arrived", TimeSpan.FromSeconds(30));
            fixture.Time.Advance(TimeSpan.FromSeconds(15 + 20 + 1));
            await Eventually.TrueAsync(() => Task.FromResult(received.Rows(owner, FeedWindowState.Closed) == 3), "the closed window arrived");
            Assert.All(received.Windows(owner), w => Assert.Equal(window, w.WindowStart));
        }
        finally
        {
            await hub.UnsubscribeAsync(reference);
        }
    }

    [Fact]
    public async Task A_subscription_that_is_not_renewed_lapses_after_its_lease()
    {
        var reference = fixture.Client.CreateObjectReference<IFlowFeedObserver>(new FeedRecorder());
        var hub = fixture.Client.GetGrain<IFeedHubGrain>(0);
        await hub.SubscribeAsync(reference);
        Assert.Contains(reference, await hub.GetSubscribersAsync());

        fixture.Time.Advance(FeedHubGrain.Lease + TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(reference, await hub.GetSubscribersAsync());
    }

    private sealed class FeedRecorder : IFlowFeedObserver
    {
        private readonly ConcurrentQueue<FeedWindow> _windows = new();

        public Task OnFeedAsync(FeedBatch batch)
        {
            foreach (var window in batch.Windows) _windows.Enqueue(window);
            return Task.CompletedTask;
        }

        public IEnumerable<FeedWindow> Windows(string owner) => _windows.Where(w => w.Owner == owner);

        public int Rows(string owner, FeedWindowState state) =>
            Windows(owner).Where(w => w.State == state).SelectMany(w => w.Flows).Select(f => f.Key.Id).Distinct().Count();
    }
}
