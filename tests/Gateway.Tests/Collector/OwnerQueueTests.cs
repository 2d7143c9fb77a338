using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Storage;
using FlowGrain.Gateway.Collector;
using FlowGrain.Gateway.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowGrain.Gateway.Tests.Collector;

/// <summary>When the cluster is slow the queue pushes back on receipts instead of dropping; failed deliveries are retried.</summary>
public sealed class OwnerQueueTests
{
    private static readonly GatewayMetrics Metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    [Fact]
    public async Task A_full_queue_holds_the_next_flow_until_the_grain_catches_up_and_loses_nothing()
    {
        var grain = new FakeOwnerGrain();
        grain.Hold();
        var queue = Queue(grain, capacity: 100, maxBatch: 10, backpressure: TimeSpan.FromMinutes(1));
        Assert.True(await queue.EnqueueAsync(Report(0), CancellationToken.None));
        while (grain.Calls == 0) await Task.Delay(10); // the pump took flow 0 and waits for the grain

        for (var i = 1; i <= 100; i++) Assert.True(await queue.EnqueueAsync(Report(i), CancellationToken.None));
        var waiting = queue.EnqueueAsync(Report(101), CancellationToken.None).AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted, "the flow after a full queue should wait while the grain is slow");

        grain.Release();
        Assert.True(await waiting);
        queue.Complete();
        await queue.Pump;
        Assert.Equal(Enumerable.Range(0, 102).Select(i => (long)i), grain.Received.Select(r => r.StartTime));
    }

    [Fact]
    public async Task A_flow_that_waits_longer_than_the_backpressure_timeout_is_dropped_and_reported_as_such()
    {
        var grain = new FakeOwnerGrain();
        grain.Hold();
        var queue = Queue(grain, capacity: 100, maxBatch: 1, backpressure: TimeSpan.FromMilliseconds(100));
        Assert.True(await queue.EnqueueAsync(Report(0), CancellationToken.None));
        while (grain.Calls == 0) await Task.Delay(10);
        for (var i = 1; i <= 100; i++) Assert.True(await queue.EnqueueAsync(Report(i), CancellationToken.None));

        Assert.False(await queue.EnqueueAsync(Report(999), CancellationToken.None));

        grain.Release();
        queue.Complete();
        await queue.Pump;
        Assert.Equal(101, grain.Received.Count);
        Assert.DoesNotContain(grain.Received, r => r.StartTime == 999);
    }

    [Fact]
    public async Task A_failing_grain_call_is_retried_with_the_same_batch_until_it_succeeds()
    {
        var grain = new FakeOwnerGrain { FailuresLeft = 3 };
        var queue = Queue(grain, capacity: 100, maxBatch: 50, backpressure: TimeSpan.FromMinutes(1));
        for (var i = 0; i < 20; i++) await queue.EnqueueAsync(Report(i), CancellationToken.None);

        queue.Complete();
        await queue.Pump.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(20, grain.Received.Count);
        Assert.True(grain.Calls >= 4);
        Assert.Equal(0, queue.Pending);
    }

    [Fact]
    public async Task Delivered_flows_are_kept_until_the_owner_reports_them_durable()
    {
        var grain = new FakeOwnerGrain { DurableAtOnce = false };
        var queue = Queue(grain, capacity: 100, maxBatch: 10, backpressure: TimeSpan.FromMinutes(1));
        for (var i = 0; i < 25; i++) await queue.EnqueueAsync(Report(i), CancellationToken.None);
        await WaitUntilAsync(() => queue.Pending == 0 && grain.Received.Count == 25);
        Assert.Equal(25, queue.Retained);

        grain.Checkpoint();
        await WaitUntilAsync(() => queue.Retained == 0);
        queue.Complete();
        await queue.Pump.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(25, grain.Received.Count);
    }

    [Fact]
    public async Task Flows_a_lost_activation_had_not_made_durable_are_sent_again_to_the_new_one_and_nothing_else()
    {
        var grain = new FakeOwnerGrain { DurableAtOnce = false };
        var queue = Queue(grain, capacity: 100, maxBatch: 10, backpressure: TimeSpan.FromMinutes(1));
        for (var i = 0; i < 10; i++) await queue.EnqueueAsync(Report(i), CancellationToken.None);
        await WaitUntilAsync(() => grain.Received.Count == 10);
        grain.Checkpoint(); // flows 0-9 are durable
        await WaitUntilAsync(() => queue.Retained == 0);
        for (var i = 10; i < 30; i++) await queue.EnqueueAsync(Report(i), CancellationToken.None);
        await WaitUntilAsync(() => grain.Received.Count == 30);

        Assert.Equal(20, grain.LoseActivation()); // the silo died before flows 10-29 were checkpointed
        await WaitUntilAsync(() => grain.Received.Count == 30);
        grain.Checkpoint();
        queue.Complete();
        await queue.Pump.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), grain.Received.Select(r => r.StartTime).Order());
        Assert.Equal(0, queue.Retained);
    }

    [Fact]
    public async Task A_completed_queue_ends_only_once_what_it_delivered_is_durable()
    {
        var grain = new FakeOwnerGrain { DurableAtOnce = false };
        var queue = Queue(grain, capacity: 100, maxBatch: 10, backpressure: TimeSpan.FromMinutes(1));
        for (var i = 0; i < 5; i++) await queue.EnqueueAsync(Report(i), CancellationToken.None);
        queue.Complete();
        await WaitUntilAsync(() => grain.Received.Count == 5);
        await Task.Delay(300);
        Assert.False(queue.Pump.IsCompleted, "the pump should wait for durability");

        grain.Checkpoint();
        await queue.Pump.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, queue.Retained);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true within 30 s");
            await Task.Delay(20);
        }
    }

    private static OwnerQueue Queue(FakeOwnerGrain grain, int capacity, int maxBatch, TimeSpan backpressure) =>
        new("owner", grain, new CollectorOptions { OwnerQueueCapacity = capacity, MaxBatchSize = maxBatch, BackpressureTimeout = backpressure },
            new DurabilityOptions { CheckpointInterval = TimeSpan.FromMilliseconds(200) }, Metrics, NullLogger.Instance);

    private static FlowReport Report(long start) => new("node", new FlowKey { SourceNamespace = "owner", Reporter = Reporter.Src, Action = FlowAction.Allow },
        start, start, LabelSet.Empty, LabelSet.Empty, new FlowCounters(1, 1, 1, 1, 0, 0, 0));
}
