using System.Collections;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// A closed window's rows, column by column: the owner's shared key and label-set instances, and the counters
/// packed seven to a row. About 80 bytes a row instead of a row object with its own key, labels and trace. Rows are
/// made on reading (a query's short-lived garbage); the columns never change, so reading needs no lock.
/// </summary>
internal sealed class FlowColumns : IReadOnlyList<AggregatedFlow>
{
    private const int CountersPerRow = 7;

    private readonly long _start;
    private readonly long _end;
    private readonly FlowKey[] _keys;
    private readonly LabelSet[] _sourceLabels;
    private readonly LabelSet[] _destLabels;
    private readonly long[] _counters;

    private FlowColumns(long start, long end, int count)
    {
        _start = start;
        _end = end;
        _keys = new FlowKey[count];
        _sourceLabels = new LabelSet[count];
        _destLabels = new LabelSet[count];
        _counters = new long[count * CountersPerRow];
    }

    public int Count => _keys.Length;

    public AggregatedFlow this[int index] => new(_keys[index], _start, _end, _sourceLabels[index], _destLabels[index], CountersAt(index));

    /// <summary>Packs <paramref name="flows"/>, taking keys and label sets from the owner's pools (counted once per row).</summary>
    public static FlowColumns Pack(long start, long end, IReadOnlyCollection<AggregatedFlow> flows, OwnerInterning pools)
    {
        var columns = new FlowColumns(start, end, flows.Count);
        var i = 0;
        foreach (var flow in flows)
        {
            columns._keys[i] = pools.Keys.Intern(flow.Key);
            columns._sourceLabels[i] = pools.Labels.Intern(flow.SourceLabels);
            columns._destLabels[i] = pools.Labels.Intern(flow.DestLabels);
            var c = flow.Counters;
            var counters = columns._counters.AsSpan(i * CountersPerRow, CountersPerRow);
            counters[0] = c.PacketsIn;
            counters[1] = c.PacketsOut;
            counters[2] = c.BytesIn;
            counters[3] = c.BytesOut;
            counters[4] = c.ConnectionsStarted;
            counters[5] = c.ConnectionsCompleted;
            counters[6] = c.ConnectionsLive;
            i++;
        }

        return columns;
    }

    /// <summary>Gives the rows' keys and label sets back to the pools (the window expired or was replaced).</summary>
    public void Release(OwnerInterning pools)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            pools.Keys.Release(_keys[i]);
            pools.Labels.Release(_sourceLabels[i]);
            pools.Labels.Release(_destLabels[i]);
        }
    }

    public IEnumerator<AggregatedFlow> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private FlowCounters CountersAt(int index)
    {
        var c = _counters.AsSpan(index * CountersPerRow, CountersPerRow);
        return new FlowCounters(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
    }
}
