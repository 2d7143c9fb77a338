using System.Collections.Immutable;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// One owner's windows: the ones still filling, the closed fine history and its roll-ups, with per-node dedup. Plain
/// C#, driven by the grain with the current time; not thread-safe, but its <see cref="Views"/> are immutable snapshots.
/// </summary>
internal sealed partial class FlowRing
{
    private readonly SortedDictionary<long, OpenWindow> _open = [];
    private readonly SortedDictionary<long, CompactWindow> _closed = [];
    private readonly NodeTable _nodes = new();
    private readonly List<long> _expired = [];
    private readonly OwnerInterning _pools;
    private readonly WindowPositions _positions;
    private readonly WindowRing _fine;
    private readonly RollupHistory _rollups;

    public FlowRing(WindowGrid grid)
    {
        Grid = grid;
        // Room for every window kept at once: the fine retention, the windows still filling or waiting to close, the
        // future one and a few that close before the oldest expires; and the roll-ups of the history retention.
        var fine = (int)(grid.Retention / grid.Width) + 10;
        var rollups = (int)(grid.HistoryRetention / grid.RollupWidth) + 4;
        _pools = new OwnerInterning(fine + rollups);
        _positions = new WindowPositions(_pools.Keys, (grid.Width, fine, false), (grid.RollupWidth, rollups, true));
        _fine = _positions.Rings[0];
        _rollups = new RollupHistory(grid, _positions.Rings[1], _positions, _pools);
    }

    public WindowGrid Grid { get; }

    /// <summary>Start of the newest window that is closed (and was published as such); none before it takes reports normally.</summary>
    public long ClosedThrough { get; private set; } = long.MinValue;

    public bool IsEmpty => _open.Count == 0 && _closed.Count == 0 && _rollups.Count == 0;

    public int WindowCount => _open.Count + _closed.Count;

    /// <summary>
    /// Places each report in the window of its start time, skipping replays and counting what falls outside the kept
    /// range; <paramref name="counted"/> sees every report that was added to a window.
    /// </summary>
    public IngestReceipt Ingest(IEnumerable<FlowReport> reports, long now, Action<FlowReport>? counted = null)
    {
        int accepted = 0, duplicates = 0, outOfRange = 0, late = 0;
        Dictionary<CompactWindow, List<FlowReport>>? amendments = null;

        foreach (var report in reports)
        {
            if (!Grid.Accepts(report.StartTime, now))
            {
                outOfRange++;
                continue;
            }

            var windowStart = Grid.StartOf(report.StartTime);
            var node = _nodes.NumberOf(report.Node);
            if (windowStart > ClosedThrough)
            {
                if (OpenWindowAt(windowStart).TryAdd(report, node))
                {
                    accepted++;
                    counted?.Invoke(report);
                }
                else
                {
                    duplicates++;
                }

                continue;
            }

            var closed = ClosedWindowAt(windowStart);
            if (!closed.TryClaim(report, node))
            {
                duplicates++;
                continue;
            }

            amendments ??= [];
            if (!amendments.TryGetValue(closed, out var list))
            {
                amendments[closed] = list = [];
            }

            list.Add(report);
            counted?.Invoke(report);
            late++;
        }

        if (amendments is not null)
        {
            foreach (var (window, list) in amendments)
            {
                window.Amend(list);
                _rollups.Amend(window.Start, list);
            }
        }

        return new IngestReceipt(accepted, duplicates, outOfRange, late);
    }

    /// <summary>Closes every window that is due, oldest first, rolls up what is complete, and returns the closed windows with their final rows.</summary>
    public IReadOnlyList<FeedWindow> CloseDue(string owner, long now)
    {
        var newestClosed = Grid.NewestClosedStart(now);
        if (newestClosed <= ClosedThrough)
        {
            return [];
        }

        var closing = _open.Keys.TakeWhile(start => start <= newestClosed).ToList();
        var published = new List<FeedWindow>(closing.Count);
        foreach (var start in closing)
        {
            var window = _open[start].Close();
            _open.Remove(start);
            _closed[start] = window;
            published.Add(new FeedWindow(owner, start, FeedWindowState.Closed, [.. window.Flows]));
        }

        ClosedThrough = newestClosed;
        _rollups.RollUp(_closed, ClosedThrough, now);
        return published;
    }

    /// <summary>The keys that changed in filling windows since the last call, as provisional feed rows.</summary>
    public IReadOnlyList<FeedWindow> TakeProvisional(string owner)
    {
        var result = new List<FeedWindow>();
        foreach (var window in _open.Values)
        {
            var changed = window.TakeChanged();
            if (!changed.IsEmpty)
            {
                result.Add(new FeedWindow(owner, window.Start, FeedWindowState.Provisional, changed));
            }
        }

        return result;
    }

    /// <summary>Drops fine windows older than the retention, roll-ups older than the history retention, and claims older than the dedup horizon.</summary>
    public void Expire(long now)
    {
        var oldest = Grid.OldestRetainedStart(now);
        foreach (var start in _closed.Keys.TakeWhile(start => start < oldest).ToList())
        {
            var window = _closed[start];
            window.Release();
            _positions.Return(window.Position);
            _closed.Remove(start);
            _expired.Add(start);
        }

        _rollups.Expire(now);

        // A window's last report can arrive CloseDelay after its end, and a node may replay it DedupHorizon later;
        // past that, its claims only cost memory.
        foreach (var window in _closed.Values
                     .TakeWhile(w => ClaimsForgottenAt(w.Start) <= now)
                     .Where(w => w.HasClaims))
        {
            window.ForgetClaims();
        }
    }

    /// <summary>
    /// Immutable snapshots of the windows that answer [<paramref name="fromTime"/>, <paramref name="untilTime"/>),
    /// oldest first. With <paramref name="now"/>, the part older than the history seam is read from roll-ups (the one
    /// holding <paramref name="fromTime"/> included); without, fine windows only.
    /// </summary>
    public ImmutableArray<WindowView> Views(long fromTime, long untilTime, bool closedOnly = false, long? now = null)
    {
        var (rollups, fineFrom) = Plan(fromTime, untilTime, now);
        var views = ImmutableArray.CreateBuilder<WindowView>();
        foreach (var rollup in rollups) views.Add(rollup.View());
        foreach (var (start, window) in _closed)
        {
            if (start >= fineFrom && start < untilTime) views.Add(window.View());
        }

        if (!closedOnly)
        {
            foreach (var (start, window) in _open)
            {
                if (start >= fineFrom && start < untilTime) views.Add(window.View());
            }
        }

        return views.ToImmutable();
    }

    /// <summary>
    /// The windows that answer [<paramref name="fromTime"/>, <paramref name="untilTime"/>) key by key (roll-ups before
    /// the history seam at <paramref name="now"/>); valid until the ring changes, so for use within the grain's turn.
    /// </summary>
    public KeysInRange KeysIn(long fromTime, long untilTime, long now)
    {
        var (rollups, fineFrom) = Plan(fromTime, untilTime, now);
        return new(_pools.Keys, rollups, _closed.Values, _open.Values.Where(w => w.Start >= fineFrom && w.Start < untilTime), fineFrom, untilTime);
    }

    /// <summary>Distinct keys across every kept window and roll-up.</summary>
    public int CountUniqueKeys()
    {
        // Every window's keys are in the key table once each (late reports packed in first).
        foreach (var window in _closed.Values) window.PackLateReports();
        return _pools.Keys.Count;
    }

    /// <summary>
    /// Which roll-ups answer a range, and from when fine windows do: roll-ups for what lies before the history seam,
    /// fine windows from the seam (or from the range's start, when it is later) on. Every moment is read once.
    /// </summary>
    private (IReadOnlyList<CompactWindow> Rollups, long FineFrom) Plan(long fromTime, long untilTime, long? now)
    {
        // (long.MinValue means "everything": aligning it would overflow)
        var fineFrom = fromTime < long.MinValue / 2 ? long.MinValue : Grid.StartOf(fromTime);
        if (now is not { } at) return ([], fineFrom);
        var seam = Grid.HistorySeam(at);
        return fineFrom >= seam ? ([], fineFrom) : ([.. _rollups.Overlapping(fromTime, untilTime, seam)], seam);
    }

    /// <summary>When a window's claims stop mattering: its last report can come CloseDelay after its end, a replay DedupHorizon later.</summary>
    private long ClaimsForgottenAt(long windowStart) => windowStart + Grid.Width + Grid.CloseDelay + Grid.DedupHorizon;

    private OpenWindow OpenWindowAt(long start)
    {
        if (!_open.TryGetValue(start, out var window))
        {
            window = new OpenWindow(_fine, start, _positions.Take(_fine, start), _pools);
            _open.Add(start, window);
        }

        return window;
    }

    private CompactWindow ClosedWindowAt(long start)
    {
        if (!_closed.TryGetValue(start, out var window))
        {
            window = new CompactWindow(_fine, start, _positions.Take(_fine, start), [], [], _pools);
            _closed.Add(start, window);
        }

        return window;
    }
}
