using System.Collections.Concurrent;
using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;

namespace FlowGrain.Gateway.Tests.Collector;

/// <summary>
/// An owner grain stand-in for queue tests: it can be held (a slow cluster), made to fail (an unavailable one), keep
/// batches non-durable until <see cref="Checkpoint"/>, and lose them with its activation (<see cref="LoseActivation"/>).
/// </summary>
internal sealed class FakeOwnerGrain : INamespaceFlowsGrain
{
    private readonly Lock _lock = new();
    private readonly List<(long Sequence, FlowReport Report)> _notDurable = [];
    private TaskCompletionSource _gate = CreateOpenGate();
    private Guid _activation = Guid.NewGuid();
    private long _sequence;
    private long _durableThrough;

    /// <summary>Whether every batch is durable as soon as it is taken (a memory store); otherwise only after <see cref="Checkpoint"/>.</summary>
    public bool DurableAtOnce { get; set; } = true;

    public ConcurrentQueue<FlowReport> Received { get; } = new();

    public int FailuresLeft { get; set; }

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async Task<IngestAck> IngestAsync(FlowReportBatch batch)
    {
        Interlocked.Increment(ref _calls);
        await _gate.Task;
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new TimeoutException("The silo did not answer.");
        }

        lock (_lock)
        {
            _sequence++;
            foreach (var report in batch.Reports)
            {
                Received.Enqueue(report);
                if (!DurableAtOnce) _notDurable.Add((_sequence, report));
            }

            if (DurableAtOnce) _durableThrough = _sequence;
            return new IngestAck(new IngestReceipt(batch.Reports.Length, 0, 0, 0), _sequence, Mark());
        }
    }

    public Task<DurabilityMark> DurabilityAsync()
    {
        lock (_lock) return Task.FromResult(Mark());
    }

    /// <summary>Makes every batch taken so far durable.</summary>
    public void Checkpoint()
    {
        lock (_lock)
        {
            _durableThrough = _sequence;
            _notDurable.Clear();
        }
    }

    /// <summary>The silo died: a new activation holds only what was durable; returns how many flows were lost.</summary>
    public int LoseActivation()
    {
        lock (_lock)
        {
            var lost = _notDurable.Select(n => n.Report).ToHashSet();
            var kept = Received.Where(r => !lost.Contains(r)).ToList();
            Received.Clear();
            foreach (var report in kept) Received.Enqueue(report);
            _notDurable.Clear();
            _activation = Guid.NewGuid();
            _sequence = 0;
            _durableThrough = 0;
            return lost.Count;
        }
    }

    private DurabilityMark Mark() => new(_activation, _durableThrough);

    public Task<FlowPage> ListAsync(FlowListQuery query) => throw new NotSupportedException();

    public Task<ClosedRows> ClosedRowsAsync(WindowQuery query) => throw new NotSupportedException();

    public Task<ShardKeys> ShardKeysAsync(FlowListQuery query) => throw new NotSupportedException();

    public Task<ImmutableArray<AggregatedFlow>> RowsAsync(RowsQuery query) => throw new NotSupportedException();

    public Task<ImmutableArray<string>> HintsAsync(HintsQuery query) => throw new NotSupportedException();

    public Task<ImmutableArray<PolicyStatistics>> StatisticsAsync(StatisticsQuery query) => throw new NotSupportedException();

    private static TaskCompletionSource CreateOpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
