using System.Collections.Immutable;
using System.Diagnostics;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Metrics;
using FlowGrain.Grains.Queries;
using Microsoft.Extensions.Options;

namespace FlowGrain.Grains;

/// <summary>
/// Holds one owner namespace's windows. Ingest runs on the grain's turn; queries take an immutable snapshot in
/// their turn and compute on the thread pool, interleaved, so a large query never holds up ingest.
/// </summary>
public sealed class NamespaceFlowsGrain(
    IOptions<AggregationOptions> options,
    FlowClock clock,
    GrainMetrics metrics,
    TrafficMetrics traffic) : Grain, INamespaceFlowsGrain
{
    private static readonly TimeSpan DirectoryRefresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeyCountRefresh = TimeSpan.FromSeconds(10);

    private readonly FlowRing _ring = new(new WindowGrid(options.Value));
    private DateTimeOffset _registeredAt;
    private DateTimeOffset _keysCountedAt;

    private string Owner => this.GetPrimaryKeyString();

    private WindowGrid Grid => _ring.Grid;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Windows already past their close time when this activation starts take reports as late amendments.
        _ring.CloseDue(Owner, clock.NowSeconds);
        await RegisterAsync();
        metrics.OwnerActive(Owner, 0);
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions
        {
            DueTime = options.Value.ProvisionalInterval,
            Period = options.Value.ProvisionalInterval,
            KeepAlive = true, // the windows live in memory: idle collection would lose them
        });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.OwnerInactive(Owner);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<IngestReceipt> IngestAsync(FlowReportBatch batch)
    {
        var tally = traffic.NewTally();
        var receipt = _ring.Ingest(batch.Reports, clock.NowSeconds, tally.Add);
        if (!tally.IsEmpty) traffic.Record(tally);
        return Task.FromResult(receipt);
    }

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
        var provisional = _ring.TakeProvisional(Owner);
        var closing = Stopwatch.GetTimestamp();
        var closed = _ring.CloseDue(Owner, now);
        if (closed.Count > 0) metrics.WindowsClosed(Stopwatch.GetElapsedTime(closing));
        foreach (var window in provisional.Concat(closed))
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
        else
        {
            if (DateTimeOffset.UtcNow - _registeredAt > DirectoryRefresh)
            {
                // Re-registering now and then heals a directory that lost its state.
                await RegisterAsync();
            }

            if (DateTimeOffset.UtcNow - _keysCountedAt > KeyCountRefresh)
            {
                metrics.OwnerActive(Owner, _ring.CountUniqueKeys());
                _keysCountedAt = DateTimeOffset.UtcNow;
            }
        }
    }

    private async Task RegisterAsync()
    {
        await GrainFactory.GetGrain<IOwnerDirectoryGrain>(0).RegisterAsync(Owner);
        _registeredAt = DateTimeOffset.UtcNow;
    }
}
