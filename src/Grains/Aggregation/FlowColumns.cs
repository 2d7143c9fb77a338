using System.Collections;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// A closed window's rows, column by column and in the order of their keys' slots: the owner's shared key and
/// label-set instances, and the counters packed seven to a row. About 85 bytes a row instead of a row object with
/// its own key, labels and trace. Rows are made on reading (a query's short-lived garbage); the columns never
/// change, so reading needs no lock.
/// </summary>
internal sealed class FlowColumns : IReadOnlyList<AggregatedFlow>
{
    private const int CountersPerRow = 7;

    private readonly long _start;
    private readonly long _end;
    private readonly int[] _slots;
    private readonly FlowKey[] _keys;
    private readonly LabelSet[] _sourceLabels;
    private readonly LabelSet[] _destLabels;
    private readonly long[] _counters;
    private IReadOnlyList<TraceTotal> _traceTotals = [];

    private FlowColumns(long start, long end, int count)
    {
        _start = start;
        _end = end;
        _slots = new int[count];
        _keys = new FlowKey[count];
        _sourceLabels = new LabelSet[count];
        _destLabels = new LabelSet[count];
        _counters = new long[count * CountersPerRow];
    }

    public int Count => _keys.Length;

    public AggregatedFlow this[int index] => new(_keys[index], _start, _end, _sourceLabels[index], _destLabels[index], CountersAt(index));

    /// <summary>
    /// Packs <paramref name="flows"/> (distinct keys) as the window at <paramref name="position"/> of the owner's
    /// ring: keys go into the owner's key table, label sets into its pool (counted once per row).
    /// </summary>
    public static FlowColumns Pack(long start, long end, int position, IReadOnlyCollection<AggregatedFlow> flows, OwnerInterning pools)
    {
        var columns = new FlowColumns(start, end, flows.Count);
        var order = new int[flows.Count];
        var i = 0;
        foreach (var flow in flows)
        {
            order[i] = pools.Keys.Add(flow.Key, position, out var key);
            columns._slots[i] = i;
            columns._keys[i] = key;
            columns._sourceLabels[i] = pools.Labels.Intern(flow.SourceLabels);
            columns._destLabels[i] = pools.Labels.Intern(flow.DestLabels);
            WriteCounters(columns._counters.AsSpan(i * CountersPerRow, CountersPerRow), flow.Counters);
            i++;
        }

        columns.SortBySlot(order);
        // Worked out once as the window closes, so statistics over the hour read a few totals per window.
        columns._traceTotals = TraceTotal.Of(Enumerable.Range(0, columns.Count).Select(i => (columns._keys[i], columns.CountersAt(i))));
        return columns;
    }

    /// <summary>The row of the key in <paramref name="slot"/>, or a negative number when the window does not hold it.</summary>
    public int IndexOf(int slot) => Array.BinarySearch(_slots, slot);

    /// <summary>The slot of the key in row <paramref name="index"/>.</summary>
    public int SlotAt(int index) => _slots[index];

    /// <summary>Adds row <paramref name="index"/> to a key's sum over several windows.</summary>
    public void AddTo(ref RowSum sum, int index) =>
        sum.Add(_start, _end, _sourceLabels[index], _destLabels[index], CountersAt(index));

    /// <summary>The counters summed per policy trace and reporter: all that per-policy statistics need of a window.</summary>
    public IReadOnlyList<TraceTotal> TraceTotals => _traceTotals;

    /// <summary>Adds every row to its key's totals over closed windows (the window just closed, or was restored).</summary>
    public void AddToClosedTotals(KeyTable keys)
    {
        for (var i = 0; i < _keys.Length; i++) keys.AddClosed(_slots[i], _sourceLabels[i], _destLabels[i], CountersAt(i));
    }

    /// <summary>Takes every row out of its key's totals over closed windows (the window expires).</summary>
    public void SubtractFromClosedTotals(KeyTable keys)
    {
        for (var i = 0; i < _keys.Length; i++) keys.SubtractClosed(_slots[i], CountersAt(i));
    }

    /// <summary>The window leaves the history: its keys leave the key table with their last window, its label sets the pool.</summary>
    public void Release(OwnerInterning pools, int position)
    {
        for (var i = 0; i < _keys.Length; i++) pools.Keys.Remove(_slots[i], position);
        ReleaseLabels(pools);
    }

    /// <summary>Gives the label sets back to the pool: the window's rows were packed again (its keys stay).</summary>
    public void ReleaseLabels(OwnerInterning pools)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            pools.Labels.Release(_sourceLabels[i]);
            pools.Labels.Release(_destLabels[i]);
        }
    }

    public IEnumerator<AggregatedFlow> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void SortBySlot(int[] slots)
    {
        // Rows were written in arrival order with _slots holding their row numbers; sort those by slot, then permute.
        var rows = _slots;
        Array.Sort(slots, rows);
        if (IsIdentity(rows))
        {
            slots.CopyTo(_slots, 0);
            return;
        }

        var keys = (FlowKey[])_keys.Clone();
        var source = (LabelSet[])_sourceLabels.Clone();
        var dest = (LabelSet[])_destLabels.Clone();
        var counters = (long[])_counters.Clone();
        for (var i = 0; i < rows.Length; i++)
        {
            var from = rows[i];
            _keys[i] = keys[from];
            _sourceLabels[i] = source[from];
            _destLabels[i] = dest[from];
            counters.AsSpan(from * CountersPerRow, CountersPerRow).CopyTo(_counters.AsSpan(i * CountersPerRow, CountersPerRow));
        }

        slots.CopyTo(_slots, 0);
    }

    private static bool IsIdentity(int[] rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] != i) return false;
        }

        return true;
    }

    private static void WriteCounters(Span<long> counters, FlowCounters c)
    {
        counters[0] = c.PacketsIn;
        counters[1] = c.PacketsOut;
        counters[2] = c.BytesIn;
        counters[3] = c.BytesOut;
        counters[4] = c.ConnectionsStarted;
        counters[5] = c.ConnectionsCompleted;
        counters[6] = c.ConnectionsLive;
    }

    private FlowCounters CountersAt(int index)
    {
        var c = _counters.AsSpan(index * CountersPerRow, CountersPerRow);
        return new FlowCounters(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
    }
}
