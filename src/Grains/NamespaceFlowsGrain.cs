using System.Collections.Immutable;
using System.Diagnostics;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Shards;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Abstractions.Storage;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Metrics;
using FlowGrain.Grains.Queries;
using FlowGrain.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowGrain.Grains;

/// <summary>
/// Holds one owner namespace's windows. Ingest runs on the grain's turn. List, FilterHints and Statistics read the
/// owner's key table in their turn, one step per key (or per window and policy trace), not per key and window;
/// what must read every row (stream backfill, per-interval lists, statistics for a caller who sees only some of
/// the owner's flows) takes an immutable snapshot in its turn and computes on the thread pool, interleaved, so it
/// never holds up ingest. The windows are checkpointed to window storage and rebuilt from it when the owner
/// activates again, here or on another silo.
/// </summary>
public sealed partial class NamespaceFlowsGrain(
    IOptions<AggregationOptions> options,
    IOptions<DurabilityOptions> durability,
    WindowGrid grid,
    FlowClock clock,
    IWindowStore store,
    GrainMetrics metrics,
    TrafficMetrics traffic,
    ILogger<NamespaceFlowsGrain> logger) : Grain, INamespaceFlowsGrain
{
    private static readonly TimeSpan DirectoryRefresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeyCountRefresh = TimeSpan.FromSeconds(10);

    private readonly FlowRing _ring = new(grid);
    private readonly Guid _activation = Guid.NewGuid();
    private readonly List<WindowCheckpoint> _unwritten = [];
    private List<FeedWindow> _closedAtActivation = [];
    private long _sequence;
    private long _durableThrough;
    private int _checkpoints;
    private DateTimeOffset _registeredAt;
    private DateTimeOffset _keysCountedAt;

    private string Owner => this.GetPrimaryKeyString();

    private DurabilityMark Durability => new(_activation, store.OutlivesProcess ? _durableThrough : _sequence);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var loading = Stopwatch.GetTimestamp();
        _ring.Restore(await store.LoadAsync(Owner), clock.NowSeconds);
        metrics.Restored(Stopwatch.GetElapsedTime(loading));
        // Windows that closed while no activation held them close now and go out on the live feed with the first tick;
        // later reports into them are late amendments.
        _closedAtActivation = [.. _ring.CloseDue(Owner, clock.NowSeconds)];
        await RegisterAsync();
        metrics.OwnerActive(Owner, 0);
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions
        {
            DueTime = options.Value.ProvisionalInterval,
            Period = options.Value.ProvisionalInterval,
            KeepAlive = true, // the filling windows live in memory between checkpoints
        });
        this.RegisterGrainTimer(CheckpointAsync, new GrainTimerCreationOptions
        {
            DueTime = durability.Value.CheckpointInterval,
            Period = durability.Value.CheckpointInterval,
        });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Shutting down or handing over: what is not stored yet goes now, so the next activation finds it.
        await CheckpointAsync(cancellationToken);
        metrics.OwnerInactive(Owner);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<IngestAck> IngestAsync(FlowReportBatch batch)
    {
        var tally = traffic.NewTally();
        var receipt = _ring.Ingest(batch.Reports, clock.NowSeconds, tally.Add);
        if (!tally.IsEmpty) traffic.Record(tally);
        traffic.RecordOwner(OwnerShard.NamespaceOf(Owner), receipt.Accepted + receipt.Late);
        _sequence++;
        return Task.FromResult(new IngestAck(receipt, _sequence, Durability));
    }

    public Task<DurabilityMark> DurabilityAsync() => Task.FromResult(Durability);

    public async Task<FlowPage> ListAsync(FlowListQuery query)
    {
        if (query.AggregationInterval == 0)
        {
            // One step per key of the owner, in this turn: cheaper than taking a snapshot of every window.
            return KeyListing.List(_ring.KeysIn(query.Range.From, query.Range.Until, clock.NowSeconds), query);
        }

        var windows = _ring.Views(query.Range.From, query.Range.Until, now: clock.NowSeconds);
        return await Task.Run(() => FlowListing.List(windows, query));
    }

    public Task<ShardKeys> ShardKeysAsync(FlowListQuery query) =>
        Task.FromResult(KeyListing.Keys(_ring.KeysIn(query.Range.From, query.Range.Until, clock.NowSeconds), query));

    public Task<ImmutableArray<AggregatedFlow>> RowsAsync(RowsQuery query) =>
        Task.FromResult(KeyListing.Rows(_ring.KeysIn(query.Range.From, query.Range.Until, clock.NowSeconds), query.Ids));

    public async Task<ClosedRows> ClosedRowsAsync(WindowQuery query)
    {
        var closedThrough = _ring.ClosedThrough;
        var windows = _ring.Views(query.From, long.MaxValue, closedOnly: true, now: clock.NowSeconds);
        var rows = await Task.Run(() => WindowRows.Of(windows, query.Filter));
        return new ClosedRows(closedThrough, rows);
    }

    public Task<ImmutableArray<string>> HintsAsync(HintsQuery query) =>
        Task.FromResult(FilterHintValues.Of(_ring.KeysIn(query.Range.From, query.Range.Until, clock.NowSeconds), query));

    public async Task<ImmutableArray<PolicyStatistics>> StatisticsAsync(StatisticsQuery query)
    {
        var now = clock.NowSeconds;
        if (query.Scope is null || query.Scope.Allows(OwnerShard.NamespaceOf(Owner)))
        {
            // The caller sees every flow of this owner (the reporting end is in its namespace), so each window's few
            // totals per policy trace stand in for its rows.
            return PolicyStatisticsCalculator.Of(_ring.KeysIn(query.Range.From, query.Range.Until, now).TraceTotals(), query);
        }

        var windows = _ring.Views(query.Range.From, query.Range.Until, now: now);
        return await Task.Run(() => PolicyStatisticsCalculator.Of(windows, query));
    }

    /// <summary>
    /// Writes what changed since the last checkpoint, together with any earlier one storage did not take; once
    /// written, every batch taken before it started is durable.
    /// </summary>
    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        var through = _sequence;
        var checkpoint = _ring.TakeCheckpoint($"{_activation:N}:{++_checkpoints}", clock.NowSeconds);
        if (!checkpoint.IsEmpty) _unwritten.Add(checkpoint);

        var started = Stopwatch.GetTimestamp();
        var written = 0;
        long bytes = 0;
        try
        {
            // In order, so a later checkpoint never lands before an earlier one it builds on.
            for (; written < _unwritten.Count; written++)
            {
                await store.WriteAsync(Owner, _unwritten[written]);
                bytes += _unwritten[written].BlockBytes;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _unwritten.RemoveRange(0, written);
            metrics.CheckpointFailed();
            LogCheckpointFailed(logger, ex, Owner, _unwritten.Count);
            return;
        }

        if (written > 0)
        {
            metrics.Checkpointed(Stopwatch.GetElapsedTime(started), bytes);
            _unwritten.Clear();
        }

        _durableThrough = through;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = clock.NowSeconds;
        var publisher = GrainFactory.GetGrain<IFeedPublisherGrain>(0);
        var provisional = _ring.TakeProvisional(Owner);
        var closing = Stopwatch.GetTimestamp();
        var closed = _ring.CloseDue(Owner, now);
        if (closed.Count > 0) metrics.WindowsClosed(Stopwatch.GetElapsedTime(closing));
        foreach (var window in _closedAtActivation.Concat(provisional).Concat(closed))
        {
            await publisher.PublishAsync(window);
        }

        _closedAtActivation = [];
        _ring.Expire(now);
        if (_ring.IsEmpty)
        {
            // Nothing left to serve: clear storage, leave the directory and free the activation.
            await CheckpointAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Owner {Owner} could not write {Count} checkpoint(s) to window storage; they are kept and written with the next one")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string owner, int count);
}
