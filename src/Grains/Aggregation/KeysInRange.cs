using System.Collections.Immutable;
using System.Numerics;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// The windows of a query's range, seen key by key through the owner's key table: which keys they hold, each key's
/// bounds within the range, and its rows summed. Made and read in the grain's turn: it reads the live table.
/// </summary>
internal sealed class KeysInRange
{
    private readonly KeyTable _keys;
    private readonly ulong[] _mask;
    private readonly ulong[] _closedInside;
    private readonly ulong[] _closedOutside;
    private readonly long[] _startAt;
    private readonly long _width;
    private readonly CompactWindow?[] _closedAt;
    private readonly OpenWindow?[] _openAt;

    // Where the oldest window of the range sits, when every window of the range sits where its start time puts it:
    // then positions follow time from there around the ring, and a key's first window is its first bit from there.
    private readonly int _oldestPosition = -1;

    /// <param name="keys">The owner's key table.</param>
    /// <param name="positions">Where windows sit in the table.</param>
    /// <param name="width">The width of a window.</param>
    /// <param name="closed">Every closed window the owner keeps: those outside the range count too, see <see cref="Row"/>.</param>
    /// <param name="open">The windows of the range that still take reports.</param>
    /// <param name="fromWindow">The start of the range's first window.</param>
    /// <param name="untilTime">The end of the range (exclusive).</param>
    public KeysInRange(KeyTable keys, WindowPositions positions, long width, IEnumerable<CompactWindow> closed, IEnumerable<OpenWindow> open,
        long fromWindow, long untilTime)
    {
        _keys = keys;
        _width = width;
        _mask = new ulong[keys.Words];
        _closedInside = new ulong[keys.Words];
        _closedOutside = new ulong[keys.Words];
        _startAt = new long[keys.Positions];
        _closedAt = new CompactWindow?[keys.Positions];
        _openAt = new OpenWindow?[keys.Positions];
        long oldest = long.MaxValue, newest = long.MinValue;
        var natural = true;
        foreach (var window in closed)
        {
            window.PackLateReports();
            _closedAt[window.Position] = window;
            if (window.Start < fromWindow || window.Start >= untilTime)
            {
                _closedOutside[window.Position >> 6] |= 1UL << (window.Position & 63);
                continue;
            }

            Include(window.Position, window.Start);
            _closedInside[window.Position >> 6] |= 1UL << (window.Position & 63);
            natural &= window.Position == positions.Natural(window.Start);
            (oldest, newest) = (Math.Min(oldest, window.Start), Math.Max(newest, window.Start));
        }

        foreach (var window in open)
        {
            Include(window.Position, window.Start);
            _openAt[window.Position] = window;
            natural &= window.Position == positions.Natural(window.Start);
            (oldest, newest) = (Math.Min(oldest, window.Start), Math.Max(newest, window.Start));
        }

        if (natural && oldest <= newest && newest - oldest < keys.Positions * width) _oldestPosition = positions.Natural(oldest);
    }

    /// <summary>Scans run over slots 0 to here.</summary>
    public int SlotLimit => _keys.SlotLimit;

    /// <summary>Whether some window of the range holds a key in <paramref name="slot"/> (free slots hold none).</summary>
    public bool Holds(int slot)
    {
        var presence = _keys.PresenceOf(slot);
        for (var w = 0; w < _mask.Length; w++)
        {
            if ((presence[w] & _mask[w]) != 0) return true;
        }

        return false;
    }

    /// <summary>The key in <paramref name="slot"/>.</summary>
    public FlowKey KeyAt(int slot) => _keys.KeyAt(slot)!;

    /// <summary>What a list's order reads of the key in <paramref name="slot"/>.</summary>
    public ref readonly Queries.FlowSortFields SortFieldsOf(int slot) => ref _keys.SortFieldsOf(slot);

    /// <summary>Every key that some window of the range holds, once each.</summary>
    public IEnumerable<FlowKey> Keys()
    {
        for (var slot = 0; slot < SlotLimit; slot++)
        {
            if (Holds(slot)) yield return _keys.KeyAt(slot)!;
        }
    }

    /// <summary>The start of the first window of the range that holds the key in <paramref name="slot"/>.</summary>
    public long FirstStart(int slot)
    {
        var presence = _keys.PresenceOf(slot);
        if (_oldestPosition >= 0)
        {
            // From the oldest window's position to the end of the ring, then from its start.
            var first = _oldestPosition >> 6;
            var bits = presence[first] & _mask[first] & (ulong.MaxValue << (_oldestPosition & 63));
            for (var w = first; ;)
            {
                if (bits != 0) return _startAt[(w << 6) + BitOperations.TrailingZeroCount(bits)];
                w = (w + 1) % _mask.Length;
                if (w == first)
                {
                    bits = presence[first] & _mask[first] & ~(ulong.MaxValue << (_oldestPosition & 63));
                    return bits != 0 ? _startAt[(w << 6) + BitOperations.TrailingZeroCount(bits)] : long.MaxValue;
                }

                bits = presence[w] & _mask[w];
            }
        }

        var earliest = long.MaxValue;
        for (var w = 0; w < _mask.Length; w++)
        {
            for (var bits = presence[w] & _mask[w]; bits != 0; bits &= bits - 1)
            {
                earliest = Math.Min(earliest, _startAt[(w << 6) + BitOperations.TrailingZeroCount(bits)]);
            }
        }

        return earliest;
    }

    /// <summary>
    /// The rows of the keys in <paramref name="slots"/>, in that order: found key by key for a page, or by one pass over
    /// the windows when the keys are many.
    /// </summary>
    public ImmutableArray<AggregatedFlow> Rows(int[] slots)
    {
        if (slots.Length * 8 < SlotLimit) return [.. slots.Select(Row)];

        var sums = new RowSum[SlotLimit];
        var wanted = new bool[SlotLimit];
        foreach (var slot in slots) wanted[slot] = true;
        for (var position = 0; position < _startAt.Length; position++)
        {
            if (!InRange(position)) continue;
            if (_closedAt[position] is { } closed)
            {
                var columns = closed.Flows;
                for (var i = 0; i < columns.Count; i++)
                {
                    var slot = columns.SlotAt(i);
                    if (wanted[slot]) columns.AddTo(ref sums[slot], i);
                }
            }
            else
            {
                _openAt[position]?.AddTo(sums, wanted);
            }
        }

        return [.. slots.Select(slot => sums[slot].ToFlow(_keys.KeyAt(slot)!))];
    }

    /// <summary>
    /// The key's rows in the range, summed (counters added, labels intersected, bounds widened). When the range holds
    /// most of the key's closed windows and its labels were the same in each, its totals over all closed windows less
    /// the few outside the range stand in for adding the many inside.
    /// </summary>
    public AggregatedFlow Row(int slot)
    {
        var key = _keys.KeyAt(slot)!;
        var sum = default(RowSum);
        var presence = _keys.PresenceOf(slot);
        int inside = 0, outside = 0;
        for (var w = 0; w < _mask.Length; w++)
        {
            inside += BitOperations.PopCount(presence[w] & _closedInside[w]);
            outside += BitOperations.PopCount(presence[w] & _closedOutside[w]);
        }

        if (outside < inside && _keys.TryGetUniformLabels(slot, out var sourceLabels, out var destLabels))
        {
            var counters = _keys.ClosedCounters(slot);
            long first = long.MaxValue, last = long.MinValue;
            for (var w = 0; w < _mask.Length; w++)
            {
                for (var bits = presence[w] & _closedOutside[w]; bits != 0; bits &= bits - 1)
                {
                    counters -= ClosedRowOf((w << 6) + BitOperations.TrailingZeroCount(bits), slot).Counters;
                }

                for (var bits = presence[w] & _mask[w]; bits != 0; bits &= bits - 1)
                {
                    var position = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    if (_openAt[position] is { } open) open.AddTo(ref sum, key);
                    else (first, last) = (Math.Min(first, _startAt[position]), Math.Max(last, _startAt[position]));
                }
            }

            if (first <= last) sum.Add(first, last + _width, sourceLabels, destLabels, counters);
            return sum.ToFlow(key);
        }

        for (var w = 0; w < _mask.Length; w++)
        {
            for (var bits = presence[w] & _mask[w]; bits != 0; bits &= bits - 1)
            {
                var position = (w << 6) + BitOperations.TrailingZeroCount(bits);
                if (_openAt[position] is { } open) open.AddTo(ref sum, key);
                else sum.Add(ClosedRowOf(position, slot));
            }
        }

        return sum.ToFlow(key);
    }

    private AggregatedFlow ClosedRowOf(int position, int slot)
    {
        var columns = _closedAt[position]!.Flows;
        return columns[columns.IndexOf(slot)];
    }

    /// <summary>Per window of the range, its counters summed per policy trace and reporter.</summary>
    public IEnumerable<(long Start, IReadOnlyList<TraceTotal> Totals)> TraceTotals()
    {
        for (var position = 0; position < _startAt.Length; position++)
        {
            if (!InRange(position)) continue;
            if (_closedAt[position] is { } closed) yield return (closed.Start, closed.Flows.TraceTotals);
            else if (_openAt[position] is { } open) yield return (open.Start, open.TraceTotals());
        }
    }

    private bool InRange(int position) => (_mask[position >> 6] & (1UL << (position & 63))) != 0;

    private void Include(int position, long start)
    {
        _mask[position >> 6] |= 1UL << (position & 63);
        _startAt[position] = start;
    }
}
