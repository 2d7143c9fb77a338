using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Grains.Storage;

namespace FlowGrain.Grains.Aggregation;

/// <summary>What the ring writes to window storage, and how it takes it back.</summary>
internal sealed partial class FlowRing
{
    /// <summary>
    /// What changed since the last call, for storage: new node numbers, deltas of filling windows and late reports,
    /// windows that closed (whole, with their claims until the dedup horizon), windows that expired, and the same for
    /// roll-ups (made whole, amended, expired).
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

        var (made, amended, expiredRollups) = _rollups.TakeCheckpoint();
        var checkpoint = new WindowCheckpoint(id, [.. _nodes.TakeUnsaved()], deltas.ToImmutable(), closed.ToImmutable(), [.. _expired], IsEmpty,
            [.. made], [.. amended], [.. expiredRollups]);
        _expired.Clear();
        return checkpoint;
    }

    /// <summary>
    /// Takes back what an earlier activation stored: closed windows with their late deltas (and their claims while a
    /// node may still replay), filling windows from their deltas, and roll-ups. Fine windows past the retention are
    /// dropped (and deleted at the next checkpoint), but first rolled up if their roll-up was not made yet: the owner
    /// may have been away while they closed.
    /// </summary>
    public void Restore(StoredOwner stored, long now)
    {
        _nodes.Restore(stored.Nodes);
        _rollups.Restore(stored.Rollups, now);
        var oldest = Grid.OldestRetainedStart(now);
        var oldestHistory = Grid.OldestHistoryStart(now);
        var expiredFine = new Dictionary<long, List<AggregatedFlow>>();
        foreach (var window in stored.Windows)
        {
            var end = window.Start + Grid.Width;
            if (window.Start < oldest)
            {
                _expired.Add(window.Start);
                if (window.Start >= oldestHistory && Grid.RollupStartOf(window.Start) > _rollups.RolledThrough)
                {
                    expiredFine[window.Start] = [.. Merged(window, Deltas(window, end), end).Values];
                }

                continue;
            }

            var deltas = Deltas(window, end);
            if (window.Closed is null)
            {
                var open = OpenWindowAt(window.Start);
                foreach (var delta in deltas) open.Restore(delta);
                continue;
            }

            HashSet<DedupClaim>? claims = null;
            if (window.Claims is not null && ClaimsForgottenAt(window.Start) > now)
            {
                claims = [.. FlowBlockCodec.Decode(window.Claims, window.Start, end).Claims, .. deltas.SelectMany(d => d.Claims)];
            }

            _closed[window.Start] = new CompactWindow(_fine, window.Start, _positions.Take(_fine, window.Start), Merged(window, deltas, end).Values, claims, _pools)
            {
                Saved = true,
            };
            ClosedThrough = Math.Max(ClosedThrough, window.Start);
        }

        // Only roll-ups whose fine windows have all closed: a window restored still filling closes at activation, and
        // its roll-up is made then.
        var closedThrough = Grid.NewestClosedStart(now);
        if (_open.Count > 0) closedThrough = Math.Min(closedThrough, _open.Keys.First() - Grid.Width);
        _rollups.RollUp(_closed, closedThrough, now, expiredFine);
    }

    /// <summary>A stored window's deltas, decoded.</summary>
    internal static List<FlowBlock> Deltas(StoredWindow window, long end) =>
        [.. window.Deltas.Select(d => FlowBlockCodec.Decode(d, window.Start, end))];

    /// <summary>A stored window's rows: its closed block (if it closed) with the deltas written after it, or the deltas alone.</summary>
    internal static Dictionary<FlowKey, AggregatedFlow> Merged(StoredWindow window, List<FlowBlock> deltas, long end)
    {
        var flows = window.Closed is null ? [] : FlowBlockCodec.Decode(window.Closed, window.Start, end).Flows.ToDictionary(f => f.Key);
        foreach (var flow in deltas.SelectMany(d => d.Flows))
        {
            flows[flow.Key] = flows.TryGetValue(flow.Key, out var earlier) ? earlier.Merge(flow) : flow;
        }

        return flows;
    }
}
