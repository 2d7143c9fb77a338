using System.Collections.Immutable;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Queries;
using Microsoft.Extensions.Options;

namespace FlowGrain.Grains;

/// <summary>
/// Holds one owner namespace's windows. Ingest runs on the grain's turn; queries take an immutable snapshot in
/// their turn and compute on the thread pool, interleaved, so a large query never holds up ingest.
/// </summary>
public sealed class NamespaceFlowsGrain(IOptions<AggregationOptions> options, FlowClock clock) : Grain, INamespaceFlowsGrain
{
    private static readonly TimeSpan DirectoryRefresh = TimeSpan.FromSeconds(30);

    private readonly FlowRing _ring = new(new WindowGrid(options.Value));
    private DateTimeOffset _registeredAt;

    private string Owner => this.GetPrimaryKeyString();

    private WindowGrid Grid => _ring.Grid;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Windows already past their close time when this activation starts take reports as late amendments.
        _ring.CloseDue(Owner, clock.NowSeconds);
        await RegisterAsync();
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions
        {
            DueTime = options.Value.ProvisionalInterval,
            Period = options.Value.ProvisionalInterval,
            KeepAlive = true, // the windows live in memory: idle collection would lose them
        });
    }

    public Task<IngestReceipt> IngestAsync(FlowReportBatch batch) =>
        Task.FromResult(_ring.Ingest(batch.Reports, clock.NowSeconds));

    public async Task<FlowPage> ListAsync(FlowListQuery query)
    {
        var windows = _ring.Views(Grid.StartOf(query.Range.From), query.Range.Until);
        return await Task.Run(() => FlowListing.List(windows, query));
    }

    public async Task<ClosedWindows> ClosedWindowsAsync(WindowQuery query)
    {
        var closedThrough = _ring.ClosedThrough;
        var windows = _ring.Views(Grid.StartOf(query.From), long.MaxValue, closedOnly: true);
        var rows = await Task.Run(() => WindowRows.Of(windows, query.Filter));
        return new ClosedWindows(closedThrough, rows);
    }

    public async Task<ImmutableArray<string>> HintsAsync(HintsQuery query)
    {
        var windows = _ring.Views(Grid.StartOf(query.Range.From), query.Range.Until);
        return await Task.Run(() => FilterHintValues.Of(windows, query));
    }

    public async Task<ImmutableArray<PolicyStatistics>> StatisticsAsync(StatisticsQuery query)
    {
        var windows = _ring.Views(Grid.StartOf(query.Range.From), query.Range.Until);
        return await Task.Run(() => PolicyStatisticsCalculator.Of(windows, query));
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = clock.NowSeconds;
        var publisher = GrainFactory.GetGrain<IFeedPublisherGrain>(0);
        foreach (var window in _ring.TakeProvisional(Owner).Concat(_ring.CloseDue(Owner, now)))
        {
            await publisher.PublishAsync(window);
        }

        _ring.Expire(now);
        if (_ring.IsEmpty)
        {
            // Nothing left to serve: leave the directory and free the activation.
            await GrainFactory.GetGrain<IOwnerDirectoryGrain>(0).UnregisterAsync(Owner);
            DeactivateOnIdle();
        }
        else if (DateTimeOffset.UtcNow - _registeredAt > DirectoryRefresh)
        {
            // Re-registering now and then heals a directory that lost its state.
            await RegisterAsync();
        }
    }

    private async Task RegisterAsync()
    {
        await GrainFactory.GetGrain<IOwnerDirectoryGrain>(0).RegisterAsync(Owner);
        _registeredAt = DateTimeOffset.UtcNow;
    }
}
