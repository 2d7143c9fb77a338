using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Storage;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// One owner's roll-ups: as the fine windows of a roll-up window (5 minutes by default) have all closed, their rows
/// are merged into one compact window (counters summed, labels intersected, policy traces kept), kept for the
/// history retention and written once to window storage; late reports into a fine window that is rolled up amend
/// its roll-up too. Queries read roll-ups for the part of a range older than the fine windows.
/// </summary>
internal sealed class RollupHistory(WindowGrid grid, WindowRing ring, WindowPositions positions, OwnerInterning pools)
{
    private readonly SortedDictionary<long, CompactWindow> _rollups = [];
    private readonly List<long> _expired = [];

    /// <summary>Start of the newest roll-up window made (or passed over for want of data); none after it is made yet.</summary>
    public long RolledThrough { get; private set; } = long.MinValue;

    public int Count => _rollups.Count;

    /// <summary>
    /// Makes the roll-up of every window whose fine windows have all closed (up to <paramref name="closedThrough"/>),
    /// from the closed fine windows and from <paramref name="expiredFine"/>: rows of fine windows already past the
    /// retention, which a restore reads back so that what closed while no activation held the owner is rolled up too.
    /// </summary>
    public void RollUp(IReadOnlyDictionary<long, CompactWindow> closedFine, long closedThrough, long now,
        IReadOnlyDictionary<long, List<AggregatedFlow>>? expiredFine = null)
    {
        var oldestFine = closedFine.Count > 0 ? closedFine.Keys.Min() : long.MaxValue;
        if (expiredFine is { Count: > 0 }) oldestFine = Math.Min(oldestFine, expiredFine.Keys.Min());
        if (oldestFine == long.MaxValue) return;

        var next = Math.Max(RolledThrough == long.MinValue ? grid.RollupStartOf(oldestFine) : RolledThrough + grid.RollupWidth,
            grid.OldestHistoryStart(now));
        for (var start = next; start + grid.RollupWidth - grid.Width <= closedThrough; start += grid.RollupWidth)
        {
            var rows = new Dictionary<FlowKey, AggregatedFlow>();
            for (var fine = start; fine < start + grid.RollupWidth; fine += grid.Width)
            {
                IEnumerable<AggregatedFlow> flows = closedFine.TryGetValue(fine, out var window) ? window.Flows
                    : expiredFine?.GetValueOrDefault(fine) ?? [];
                foreach (var flow in flows) rows[flow.Key] = rows.TryGetValue(flow.Key, out var sum) ? sum.Merge(flow) : flow;
            }

            if (rows.Count > 0) Add(start, [.. rows.Values.Select(r => r with { Start = start, End = start + grid.RollupWidth })], saved: false);
            RolledThrough = start;
        }
    }

    /// <summary>Late reports into the fine window at <paramref name="fineStart"/> go into its roll-up too, if it is made.</summary>
    public void Amend(long fineStart, IReadOnlyCollection<FlowReport> reports)
    {
        var start = grid.RollupStartOf(fineStart);
        if (start > RolledThrough) return; // still to be made, from the amended fine window
        if (!_rollups.TryGetValue(start, out var rollup))
        {
            // Made empty (no data then); the late reports are its first rows, and it is stored whole at the next
            // checkpoint (a roll-up in storage is its whole block and its amendments since).
            rollup = Add(start, [], saved: false);
        }

        rollup.AmendRollup(reports);
    }

    /// <summary>Drops roll-ups older than the history retention.</summary>
    public void Expire(long now)
    {
        var oldest = grid.OldestHistoryStart(now);
        foreach (var start in _rollups.Keys.TakeWhile(start => start < oldest).ToList())
        {
            var rollup = _rollups[start];
            rollup.Release();
            positions.Return(rollup.Position);
            _rollups.Remove(start);
            _expired.Add(start);
        }
    }

    /// <summary>The roll-ups that overlap [<paramref name="from"/>, <paramref name="until"/>) and end by <paramref name="seam"/>.</summary>
    public IEnumerable<CompactWindow> Overlapping(long from, long until, long seam) =>
        _rollups.Values.Where(r => r.Start < seam && r.End > from && r.Start < until);

    /// <summary>What changed since the last call, for storage: roll-ups made (whole), late amendments, expiries.</summary>
    public (IReadOnlyList<ClosedWindowBlock> Made, IReadOnlyList<WindowDelta> Amended, IReadOnlyList<long> Expired) TakeCheckpoint()
    {
        var made = new List<ClosedWindowBlock>();
        var amended = new List<WindowDelta>();
        foreach (var rollup in _rollups.Values)
        {
            if (!rollup.Saved)
            {
                made.Add(new ClosedWindowBlock(rollup.Start, FlowBlockCodec.Encode(rollup.View().Flows, []), FlowBlockCodec.Encode([], []), TimeSpan.Zero));
                rollup.Saved = true;
            }

            if (rollup.TakeUnsaved() is { } block) amended.Add(new WindowDelta(rollup.Start, block));
        }

        var expired = _expired.ToList();
        _expired.Clear();
        return (made, amended, expired);
    }

    /// <summary>Takes back the roll-ups an earlier activation stored, with their amendments; those past the retention are dropped.</summary>
    public void Restore(IEnumerable<StoredWindow> stored, long now)
    {
        var oldest = grid.OldestHistoryStart(now);
        foreach (var window in stored)
        {
            if (window.Start < oldest || window.Closed is null)
            {
                _expired.Add(window.Start);
                continue;
            }

            var end = window.Start + grid.RollupWidth;
            Add(window.Start, [.. FlowRing.Merged(window, FlowRing.Deltas(window, end), end).Values], saved: true);
            RolledThrough = Math.Max(RolledThrough, window.Start);
        }
    }

    private CompactWindow Add(long start, IReadOnlyCollection<AggregatedFlow> rows, bool saved)
    {
        var rollup = new CompactWindow(ring, start, positions.Take(ring, start), rows, claims: null, pools) { Saved = saved };
        _rollups[start] = rollup;
        return rollup;
    }
}
