using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Shards;
using FlowGrain.Abstractions.Time;

namespace FlowGrain.Gateway.Feed;

/// <summary>
/// Makes the live-feed windows of an owner's shards the owner's: per window and key, each shard's latest numbers are
/// kept and their sum goes out, under the owner's name; a window's rows are final once every shard that sent rows
/// for it has closed it (before that, a shard that closed first sends its part as numbers so far). Windows of owners
/// that are not split pass through. Used by the feed's one dispatcher only.
/// </summary>
internal sealed class ShardFeedMerger(WindowGrid grid, FlowClock clock)
{
    // Kept this long after a window closed, for shards whose closing comes late (a tick, a publisher's batch).
    private static readonly long KeepAfterClose = 120;

    private readonly Dictionary<(string Owner, long Start), WindowParts> _windows = [];
    private long _forgottenThrough = long.MinValue;

    public FeedWindow Merge(FeedWindow window)
    {
        var owner = OwnerShard.NamespaceOf(window.Owner);
        if (owner.Length == window.Owner.Length) return window;
        Forget();

        if (!_windows.TryGetValue((owner, window.WindowStart), out var parts)) _windows[(owner, window.WindowStart)] = parts = new WindowParts();
        parts.Sent.Add(window.Owner);
        if (window.State == FeedWindowState.Closed) parts.Closed.Add(window.Owner);
        var rows = window.Flows.Select(row =>
        {
            if (!parts.Rows.TryGetValue(row.Key.Id, out var byShard)) parts.Rows[row.Key.Id] = byShard = [];
            byShard[window.Owner] = row;
            return byShard.Values.Aggregate((sum, part) => sum.Merge(part));
        }).ToList();

        var state = parts.Sent.IsSubsetOf(parts.Closed) ? FeedWindowState.Closed : FeedWindowState.Provisional;
        return new FeedWindow(owner, window.WindowStart, state, [.. rows]);
    }

    private void Forget()
    {
        var before = grid.NewestClosedStart(clock.NowSeconds) - KeepAfterClose;
        if (before <= _forgottenThrough) return;
        foreach (var old in _windows.Keys.Where(k => k.Start < before).ToList()) _windows.Remove(old);
        _forgottenThrough = before;
    }

    private sealed class WindowParts
    {
        public HashSet<string> Sent { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Closed { get; } = new(StringComparer.Ordinal);

        public Dictionary<long, Dictionary<string, AggregatedFlow>> Rows { get; } = [];
    }
}
