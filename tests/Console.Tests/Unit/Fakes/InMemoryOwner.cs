using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Queries;

namespace FlowGrain.Console.Tests.Unit.Fakes;

/// <summary>
/// An owner grain stand-in holding per-window rows as they are published, listed as the real owner lists them (range,
/// filter, sums per key and bucket, order, limit). Lists can be held: each answers with the rows there were when it was
/// asked, but only once released — a cluster slow to answer.
/// </summary>
internal sealed class InMemoryOwner(WindowGrid grid) : INamespaceFlowsGrain
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(long Id, long Start), AggregatedFlow> _rows = [];
    private TaskCompletionSource _released = Released();
    private TaskCompletionSource<FlowListQuery> _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first list asked after <see cref="HoldLists"/>.</summary>
    public Task<FlowListQuery> ListAsked
    {
        get
        {
            lock (_gate) return _asked.Task;
        }
    }

    /// <summary>Stores rows (one key in one window each) as the owner would have them once they are on the feed.</summary>
    public void Add(IEnumerable<AggregatedFlow> rows)
    {
        lock (_gate)
        {
            foreach (var row in rows) _rows[(row.Key.Id, row.Start)] = row;
        }
    }

    public void HoldLists()
    {
        lock (_gate)
        {
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _asked = new TaskCompletionSource<FlowListQuery>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseLists()
    {
        lock (_gate) _released.TrySetResult();
    }

    public async Task<FlowPage> ListAsync(FlowListQuery query)
    {
        FlowPage answer;
        Task released;
        lock (_gate)
        {
            answer = List(query);
            released = _released.Task;
            _asked.TrySetResult(query);
        }

        await released;
        return answer;
    }

    public Task<IngestAck> IngestAsync(FlowReportBatch batch) => throw new NotSupportedException("Rows are added with Add.");

    public Task<DurabilityMark> DurabilityAsync() => throw new NotSupportedException();

    public Task<ClosedRows> ClosedRowsAsync(WindowQuery query) => throw new NotSupportedException();

    public Task<ShardKeys> ShardKeysAsync(FlowListQuery query) => throw new NotSupportedException();

    public Task<ImmutableArray<AggregatedFlow>> RowsAsync(RowsQuery query) => throw new NotSupportedException();

    public Task<ImmutableArray<string>> HintsAsync(HintsQuery query) => throw new NotSupportedException();

    public Task<ImmutableArray<PolicyStatistics>> StatisticsAsync(StatisticsQuery query) => throw new NotSupportedException();

    private FlowPage List(FlowListQuery query)
    {
        var from = grid.StartOf(query.Range.From);
        var interval = query.AggregationInterval;
        var aggregates = _rows.Values
            .Where(row => row.Start >= from && row.Start < query.Range.Until && query.Filter.Matches(row.Key))
            .GroupBy(row => (row.Key.Id, Bucket: interval > 0 ? row.Start - (((row.Start % interval) + interval) % interval) : 0))
            .Select(rows => rows.Aggregate((sum, row) => sum.Merge(row)))
            .Order(new FlowOrdering(query.Sort))
            .ToList();
        var head = query.Limit > 0 ? aggregates.Take(query.Limit) : aggregates;
        return new FlowPage(aggregates.Count, [.. head]);
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }
}
