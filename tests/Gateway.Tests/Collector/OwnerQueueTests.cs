using FlowGrain.Abstractions.Flows;
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

    private static OwnerQueue Queue(FakeOwnerGrain grain, int capacity, int maxBatch, TimeSpan backpressure) =>
        new("owner", grain, new CollectorOptions { OwnerQueueCapacity = capacity, MaxBatchSize = maxBatch, BackpressureTimeout = backpressure },
            Metrics, NullLogger.Instance);

    private static FlowReport Report(long start) => new("node", new FlowKey { SourceNamespace = "owner", Reporter = Reporter.Src, Action = FlowAction.Allow },
        start, start, LabelSet.Empty, LabelSet.Empty, new FlowCounters(1, 1, 1, 1, 0, 0, 0));
}
