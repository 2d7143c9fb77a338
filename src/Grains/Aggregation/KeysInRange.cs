using System.Collections.Immutable;
using System.Numerics;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// The windows that answer a query's range — roll-ups for its older part, fine windows for the rest — seen key by
/// key through the owner's key table: which keys they hold, each key's first window, and its rows summed. Made and
/// read in the grain's turn: it reads the live table.
/// </summary>
internal sealed class KeysInRange
{
    private readonly KeyTable _keys;
    private readonly ulong[] _mask;
    private readonly ulong[] _fineInside;
    private readonly ulong[] _fineOutside;
    private readonly long[] _startAt;
    private readonly long[] _endAt;
    private readonly CompactWindow?[] _closedAt;
    private readonly OpenWindow?[] _openAt;
    private readonly List<RingPart> _rings = [];

    /// <param name="keys">The owner's key table.</param>
    /// <param name="rollups">The roll-ups of the range.</param>
    /// <param name="fineClosed">Every closed fine window the owner keeps: those outside the range count too, see <see cref="Row"/>.</param>
    /// <param name="open">The windows of the range that still take reports.</param>
    /// <param name="fineFrom">The start of the range's first fine window (after its roll-ups).</param>
    /// <param name="untilTime">The end of the range (exclusive).</param>
    public KeysInRange(KeyTable keys, IEnumerable<CompactWindow> rollups, IEnumerable<CompactWindow> fineClosed, IEnumerable<OpenWindow> open,
        long fineFrom, long untilTime)
    {
        _keys = keys;
        _mask = new ulong[keys.Words];
        _fineInside = new ulong[keys.Words];
        _fineOutside = new ulong[keys.Words];
        _startAt = new long[keys.Positions];
        _endAt = new long[keys.Positions];
        _closedAt = new CompactWindow?[keys.Positions];
        _openAt = new OpenWindow?[keys.Positions];
        foreach (var window in rollups)
        {
            window.PackLateReports();
            _closedAt[window.Position] = window;
            Include(window.Ring, window.Position, window.Start, window.End);
        }

        foreach (var window in fineClosed)
        {
            window.PackLateReports();
            _closedAt[window.Position] = window;
            if (window.Start < fineFrom || window.Start >= untilTime)
            {
                Set(_fineOutside, window.Position);
                continue;
            }

            Set(_fineInside, window.Position);
            Include(window.Ring, window.Position, window.Start, window.End);
        }

        foreach (var window in open)
        {
            _openAt[window.Position] = window;
            Include(window.Ring, window.Position, window.Start, window.End);
        }

        // Roll-ups are all older than the fine windows of a range: a key's first window is in the first ring that holds it.
        _rings.Sort((a, b) => a.Oldest.CompareTo(b.Oldest));
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
        foreach (var ring in _rings)
        {
            var first = ring.FirstStart(presence, _startAt);
            if (first != long.MaxValue) return first;
        }

        return long.MaxValue;
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
            if (!IsSet(_mask, position)) continue;
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
    /// most of the key's closed fine windows and its labels were the same in each, its totals over all closed fine
    /// windows less the few outside the range stand in for adding the many inside.
    /// </summary>
    public AggregatedFlow Row(int slot)
    {
        var key = _keys.KeyAt(slot)!;
        var sum = default(RowSum);
        var presence = _keys.PresenceOf(slot);
        int inside = 0, outside = 0;
        for (var w = 0; w < _mask.Length; w++)
        {
            inside += BitOperations.PopCount(presence[w] & _fineInside[w]);
            outside += BitOperations.PopCount(presence[w] & _fineOutside[w]);
        }

        LabelSet? sourceLabels = null, destLabels = null;
        var fromTotals = outside < inside && _keys.TryGetUniformLabels(slot, out sourceLabels, out destLabels);
        if (fromTotals)
        {
            var counters = _keys.ClosedCounters(slot);
            long first = long.MaxValue, last = long.MinValue;
            for (var w = 0; w < _mask.Length; w++)
            {
                for (var bits = presence[w] & _fineOutside[w]; bits != 0; bits &= bits - 1)
                {
                    counters -= ClosedRowOf((w << 6) + BitOperations.TrailingZeroCount(bits), slot).Counters;
                }

                for (var bits = presence[w] & _fineInside[w]; bits != 0; bits &= bits - 1)
                {
                    var position = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    (first, last) = (Math.Min(first, _startAt[position]), Math.Max(last, _endAt[position]));
                }
            }

            sum.Add(first, last, sourceLabels!, destLabels!, counters);
        }

        for (var w = 0; w < _mask.Length; w++)
        {
            var others = fromTotals ? _mask[w] & ~_fineInside[w] : _mask[w];
            for (var bits = presence[w] & others; bits != 0; bits &= bits - 1)
            {
                var position = (w << 6) + BitOperations.TrailingZeroCount(bits);
                if (_openAt[position] is { } open) open.AddTo(ref sum, key);
                else sum.Add(ClosedRowOf(position, slot));
            }
        }

        return sum.ToFlow(key);
    }

    /// <summary>Per window of the range, its counters summed per policy trace and reporter.</summary>
    public IEnumerable<(long Start, IReadOnlyList<TraceTotal> Totals)> TraceTotals()
    {
        for (var position = 0; position < _startAt.Length; position++)
        {
            if (!IsSet(_mask, position)) continue;
            if (_closedAt[position] is { } closed) yield return (closed.Start, closed.Flows.TraceTotals);
            else if (_openAt[position] is { } open) yield return (open.Start, open.TraceTotals());
        }
    }

    private AggregatedFlow ClosedRowOf(int position, int slot)
    {
        var columns = _closedAt[position]!.Flows;
        return columns[columns.IndexOf(slot)];
    }

    private void Include(WindowRing ring, int position, long start, long end)
    {
        Set(_mask, position);
        _startAt[position] = start;
        _endAt[position] = end;
        var part = _rings.Find(r => r.Ring == ring);
        if (part is null) _rings.Add(part = new RingPart(ring, _mask.Length));
        part.Add(position, start);
    }

    private static void Set(ulong[] bits, int position) => bits[position >> 6] |= 1UL << (position & 63);

    private static bool IsSet(ulong[] bits, int position) => (bits[position >> 6] & (1UL << (position & 63))) != 0;

    /// <summary>The windows of the range in one ring, and where the oldest sits when they all sit where their start puts them.</summary>
    private sealed class RingPart(WindowRing ring, int words)
    {
        private readonly ulong[] _mask = new ulong[words];
        private bool _natural = true;
        private long _newest = long.MinValue;
        private int _oldestPosition;

        public WindowRing Ring { get; } = ring;

        public long Oldest { get; private set; } = long.MaxValue;

        public void Add(int position, long start)
        {
            Set(_mask, position);
            _natural &= position == Ring.Natural(start);
            if (start < Oldest) (Oldest, _oldestPosition) = (start, position);
            _newest = Math.Max(_newest, start);
        }

        /// <summary>The start of the key's first window in this ring's part of the range; long.MaxValue when none holds it.</summary>
        public long FirstStart(ReadOnlySpan<ulong> presence, long[] startAt)
        {
            if (_natural && Ring.Spans(Oldest, _newest))
            {
                // Positions follow time from the oldest window's around the ring: the first bit from there is the first window.
                var first = _oldestPosition >> 6;
                var bits = presence[first] & _mask[first] & (ulong.MaxValue << (_oldestPosition & 63));
                for (var w = first; ;)
                {
                    if (bits != 0) return startAt[(w << 6) + BitOperations.TrailingZeroCount(bits)];
                    w = (w + 1) % _mask.Length;
                    if (w == first)
                    {
                        bits = presence[first] & _mask[first] & ~(ulong.MaxValue << (_oldestPosition & 63));
                        return bits != 0 ? startAt[(w << 6) + BitOperations.TrailingZeroCount(bits)] : long.MaxValue;
                    }

                    bits = presence[w] & _mask[w];
                }
            }

            var earliest = long.MaxValue;
            for (var w = 0; w < _mask.Length; w++)
            {
                for (var bits = presence[w] & _mask[w]; bits != 0; bits &= bits - 1)
                {
                    earliest = Math.Min(earliest, startAt[(w << 6) + BitOperations.TrailingZeroCount(bits)]);
                }
            }

            return earliest;
        }
    }
}
