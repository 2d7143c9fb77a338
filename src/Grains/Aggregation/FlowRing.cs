using System.Collections.Immutable;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Storage;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// One owner's windows: the ones still filling and the closed history, with per-node dedup. Plain C#, driven by the
/// grain with the current time; not thread-safe, but its <see cref="Views"/> are immutable snapshots.
/// </summary>
internal sealed class FlowRing
{
    private readonly SortedDictionary<long, OpenWindow> _open = [];
    private readonly SortedDictionary<long, CompactWindow> _closed = [];
    private readonly NodeTable _nodes = new();
    private readonly List<long> _expired = [];
    private readonly OwnerInterning _pools;
    private readonly WindowPositions _positions;

    public FlowRing(WindowGrid grid)
    {
        Grid = grid;
        // Room for every window kept at once: the retention, the ones still filling or waiting to close, the future one
        // and a few that close before the oldest expires.
        _pools = new OwnerInterning((int)(grid.Retention / grid.Width) + 10);
        _positions = new WindowPositions(_pools.Keys, grid.Width);
    }

    public WindowGrid Grid { get; }

    /// <summary>Start of the newest window that is closed (and was published as such); none before it takes reports normally.</summary>
    public long ClosedThrough { get; private set; } = long.MinValue;

    public bool IsEmpty => _open.Count == 0 && _closed.Count == 0;

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
            }
        }

        return new IngestReceipt(accepted, duplicates, outOfRange, late);
    }

    /// <summary>Closes every window that is due, oldest first, and returns them with their final rows.</summary>
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

    /// <summary>Drops windows older than the retention and claims older than the dedup horizon.</summary>
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

        // A window's last report can arrive CloseDelay after its end, and a node may replay it DedupHorizon later;
        // past that, its claims only cost memory.
        foreach (var window in _closed.Values
                     .TakeWhile(w => ClaimsForgottenAt(w.Start) <= now)
                     .Where(w => w.HasClaims))
        {
            window.ForgetClaims();
        }
    }

    /// <summary>Immutable snapshots of the windows from <paramref name="fromWindow"/> (inclusive) to <paramref name="untilTime"/> (exclusive), oldest first.</summary>
    public ImmutableArray<WindowView> Views(long fromWindow, long untilTime, bool closedOnly = false)
    {
        var views = ImmutableArray.CreateBuilder<WindowView>();
        foreach (var (start, window) in _closed)
        {
            if (start >= fromWindow && start < untilTime) views.Add(window.View());
        }

        if (!closedOnly)
        {
            foreach (var (start, window) in _open)
            {
                if (start >= fromWindow && start < untilTime) views.Add(window.View());
            }
        }

        return views.ToImmutable();
    }

    /// <summary>
    /// The windows from <paramref name="fromWindow"/> (inclusive) to <paramref name="untilTime"/> (exclusive), key by
    /// key; valid until the ring changes, so for use within the grain's turn.
    /// </summary>
    public KeysInRange KeysIn(long fromWindow, long untilTime) => new(
        _pools.Keys,
        _positions,
        Grid.Width,
        _closed.Values,
        _open.Values.Where(w => w.Start >= fromWindow && w.Start < untilTime),
        fromWindow,
        untilTime);

    /// <summary>Distinct keys across every kept window.</summary>
    public int CountUniqueKeys()
    {
        // Every window's keys are in the key table once each (late reports packed in first).
        foreach (var window in _closed.Values) window.PackLateReports();
        return _pools.Keys.Count;
    }

    /// <summary>
    /// What changed since the last call, for storage: new node numbers, deltas of filling windows and late reports,
    /// windows that closed (whole, with their claims until the dedup horizon), windows that expired.
    /// </summary>
    public WindowCheckpoint TakeCheckpoint(string id, long now)
    {
        var deltas = ImmutableArray.CreateBuilder<WindowDelta>();
        var closed = ImmutableArray.CreateBuilder<ClosedWindowBlock>();
        foreach (var window in _open.Values)
        {
            if (window.TakeUnsaved() is { } block) deltas.Add(new WindowDelta(window.Start, block));
        }

        foreach (var window in _closed.Values)
        {
            if (!window.Saved)
            {
                var claimsLifetime = TimeSpan.FromSeconds(Math.Max(0, ClaimsForgottenAt(window.Start) - now));
                closed.Add(new ClosedWindowBlock(window.Start, FlowBlockCodec.Encode(window.View().Flows, []),
                    FlowBlockCodec.Encode([], window.Claims), claimsLifetime));
                window.Saved = true;
            }

            if (window.TakeUnsaved() is { } block) deltas.Add(new WindowDelta(window.Start, block));
        }

        var checkpoint = new WindowCheckpoint(id, [.. _nodes.TakeUnsaved()], deltas.ToImmutable(), closed.ToImmutable(), [.. _expired], IsEmpty);
        _expired.Clear();
        return checkpoint;
    }

    /// <summary>
    /// Takes back what an earlier activation stored: closed windows with their late deltas (and their claims while a
    /// node may still replay), filling windows from their deltas. Windows past the retention are dropped (and
    /// deleted at the next checkpoint).
    /// </summary>
    public void Restore(StoredOwner stored, long now)
    {
        _nodes.Restore(stored.Nodes);
        var oldest = Grid.OldestRetainedStart(now);
        foreach (var window in stored.Windows)
        {
            if (window.Start < oldest)
            {
                _expired.Add(window.Start);
                continue;
            }

            var end = window.Start + Grid.Width;
            var deltas = window.Deltas.Select(d => FlowBlockCodec.Decode(d, window.Start, end)).ToList();
            if (window.Closed is null)
            {
                var open = OpenWindowAt(window.Start);
                foreach (var delta in deltas) open.Restore(delta);
                continue;
            }

            var flows = FlowBlockCodec.Decode(window.Closed, window.Start, end).Flows.ToDictionary(f => f.Key);
            foreach (var flow in deltas.SelectMany(d => d.Flows))
            {
                flows[flow.Key] = flows.TryGetValue(flow.Key, out var earlier) ? earlier.Merge(flow) : flow;
            }

            HashSet<DedupClaim>? claims = null;
            if (window.Claims is not null && ClaimsForgottenAt(window.Start) > now)
            {
                claims = [.. FlowBlockCodec.Decode(window.Claims, window.Start, end).Claims, .. deltas.SelectMany(d => d.Claims)];
            }

            _closed[window.Start] = new CompactWindow(window.Start, end, _positions.Take(window.Start), flows.Values, claims, _pools) { Saved = true };
            ClosedThrough = Math.Max(ClosedThrough, window.Start);
        }
    }

    /// <summary>When a window's claims stop mattering: its last report can come CloseDelay after its end, a replay DedupHorizon later.</summary>
    private long ClaimsForgottenAt(long windowStart) => windowStart + Grid.Width + Grid.CloseDelay + Grid.DedupHorizon;

    private OpenWindow OpenWindowAt(long start)
    {
        if (!_open.TryGetValue(start, out var window))
        {
            window = new OpenWindow(start, start + Grid.Width, _positions.Take(start), _pools);
            _open.Add(start, window);
        }

        return window;
    }

    private CompactWindow ClosedWindowAt(long start)
    {
        if (!_closed.TryGetValue(start, out var window))
        {
            window = new CompactWindow(start, start + Grid.Width, _positions.Take(start), [], [], _pools);
            _closed.Add(start, window);
        }

        return window;
    }
}
