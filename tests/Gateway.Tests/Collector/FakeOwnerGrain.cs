using System.Collections.Concurrent;
using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;

namespace FlowGrain.Gateway.Tests.Collector;

/// <summary>An owner grain stand-in for queue tests: it can be held (a slow cluster) or made to fail (an unavailable one).</summary>
internal sealed class FakeOwnerGrain : INamespaceFlowsGrain
{
    private TaskCompletionSource _gate = CreateOpenGate();

    public ConcurrentQueue<FlowReport> Received { get; } = new();

    public int FailuresLeft { get; set; }

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async Task<IngestReceipt> IngestAsync(FlowReportBatch batch)
    {
        Interlocked.Increment(ref _calls);
        await _gate.Task;
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new TimeoutException("The silo did not answer.");
        }

        foreach (var report in batch.Reports) Received.Enqueue(report);
        return new IngestReceipt(batch.Reports.Length, 0, 0, 0);
    }

    public Task<FlowPage> ListAsync(FlowListQuery query) => throw new NotSupportedException();

    public Task<ClosedWindows> ClosedWindowsAsync(WindowQuery query) => throw new NotSupportedException();

    public Task<ImmutableArray<string>> HintsAsync(HintsQuery query) => throw new NotSupportedException();

    public Task<ImmutableArray<PolicyStatistics>> StatisticsAsync(StatisticsQuery query) => throw new NotSupportedException();

    private static TaskCompletionSource CreateOpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
