using System.Collections.Immutable;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Shards;
using FlowGrain.Grains.Queries;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Queries;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Feed;

/// <summary>
/// The cluster's recently closed windows, complete and contiguous, fetched once per window for every live viewer of
/// this gateway (HTTP watch streams). A window is taken when every owner has closed it, so its content is final
/// and the same for everyone: viewers can resume at any row without gap or duplicate.
/// </summary>
public sealed partial class ClosedWindowLog(FlowQueryService queries, IOptions<QueryOptions> options, ILogger<ClosedWindowLog> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private ImmutableList<ClusterWindow> _windows = [];
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _next = long.MinValue;

    /// <summary>The windows kept (oldest first), the start of the next window to come, and a task that completes when it does.</summary>
    public (ImmutableList<ClusterWindow> Windows, long Next, Task Appended) Snapshot()
    {
        lock (_gate)
        {
            return (_windows, _next == long.MinValue ? queries.Grid.NewestClosedStart(queries.Now) + queries.Grid.Width : _next, _appended.Task);
        }
    }

    /// <summary>
    /// Reads closed windows from <paramref name="from"/> straight from the owners, up to the newest window every
    /// owner has closed; returns them (empty ones included) and the start of the window after the last one. What lies
    /// before the history seam comes as roll-ups (the one holding <paramref name="from"/> included), the rest as fine
    /// windows, as the owners answer it.
    /// </summary>
    public async Task<(IReadOnlyList<ClusterWindow> Windows, long Next)> ReadAsync(long from, CancellationToken cancellationToken)
    {
        var grid = queries.Grid;
        var now = queries.Now;
        var seam = grid.HistorySeam(now);
        // Nothing older than the history exists: without the floor, a start in 1970 would make an empty window for
        // every 5 minutes since.
        from = Math.Max(from, grid.OldestHistoryStart(now));
        from = from < seam ? grid.RollupStartOf(from) : grid.StartOf(from);
        var owners = await queries.ClosedRowsAsync(from, FlowFilter.All, cancellationToken);
        var complete = owners.Count == 0 ? grid.NewestClosedStart(now) : owners.Values.Min(o => o.ClosedThrough);
        if (complete < from) return ([], from);

        // The shards of one owner share keys: their rows of a key in a window are summed into one.
        var rows = owners.GroupBy(o => OwnerShard.NamespaceOf(o.Key), StringComparer.Ordinal).SelectMany(owner => owner.Count() == 1
            ? owner.Single().Value.Rows.AsEnumerable()
            : ResultMerging.SumByKey(owner.SelectMany(shard => shard.Value.Rows), row => row.Start));
        var byWindow = rows.Where(r => r.Start <= complete).ToLookup(r => r.Start);
        var starts = new SortedSet<long>(byWindow.Select(rows => rows.Key));
        for (var start = from; start < seam && start <= complete; start += grid.RollupWidth) starts.Add(start);
        for (var start = Math.Max(from, seam); start <= complete; start += grid.Width) starts.Add(start);
        var windows = starts.Select(start => new ClusterWindow(start, [.. byWindow[start].OrderBy(r => r.Key.Id)])).ToList();
        return (windows, complete + grid.Width);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var grid = queries.Grid;
        lock (_gate) _next = grid.NewestClosedStart(queries.Now) + grid.Width;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Poll, stoppingToken);
                if (!grid.IsClosed(_next, queries.Now)) continue;
                var (windows, next) = await ReadAsync(_next, stoppingToken);
                if (windows.Count > 0) Append(windows, next);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogFetchFailed(logger, ex, _next);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Append(IReadOnlyList<ClusterWindow> windows, long next)
    {
        TaskCompletionSource appended;
        lock (_gate)
        {
            var kept = _windows.AddRange(windows);
            var excess = kept.Count - options.Value.RecentWindowsKept;
            _windows = excess > 0 ? kept.RemoveRange(0, excess) : kept;
            _next = next;
            appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        appended.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read closed window {Window} from the owners; retrying")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, long window);
}
