using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Console.Flows;

namespace FlowGrain.Gateway.Console.Live;

/// <summary>
/// The live table's rows: one per flow key and window, updated in place while the window fills, newest window first
/// (within a window, the newest arrival first), at most <c>capacity</c> rows — the oldest windows are dropped first.
/// Safe to feed from one thread while another takes snapshots.
/// </summary>
public sealed class LiveRows(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FlowRowKey, FlowRow> _rows = [];
    private readonly SortedSet<Position> _order = [];
    private long _arrivals;
    private long _version;
    private IReadOnlyList<FlowRow> _snapshot = [];
    private long _snapshotVersion;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count
    {
        get
        {
            lock (_gate) return _rows.Count;
        }
    }

    /// <summary>Changes whenever the rows change, so a view re-renders only when there is something new.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Merges a window from the live feed: provisional rows are numbers so far, closed rows are final.</summary>
    public void Apply(FeedWindow window)
    {
        var provisional = window.State == FeedWindowState.Provisional;
        Merge(window.Flows, _ => provisional);
    }

    /// <summary>Merges per-window rows read from history (oldest first keeps the newest on top); <paramref name="isOpen"/> tells which still fill.</summary>
    public void Merge(IEnumerable<AggregatedFlow> flows, Func<AggregatedFlow, bool> isOpen)
    {
        lock (_gate)
        {
            var changed = false;
            foreach (var flow in flows)
            {
                changed |= Upsert(flow, isOpen(flow));
            }

            while (_rows.Count > Capacity)
            {
                var oldest = _order.Min;
                _order.Remove(oldest);
                _rows.Remove(oldest.Key);
                changed = true;
            }

            if (changed) Interlocked.Increment(ref _version);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rows.Clear();
            _order.Clear();
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>The rows, newest first; the same list is returned until the rows change.</summary>
    public IReadOnlyList<FlowRow> Snapshot()
    {
        lock (_gate)
        {
            if (_snapshotVersion != _version)
            {
                var rows = new FlowRow[_rows.Count];
                var i = 0;
                foreach (var position in _order.Reverse())
                {
                    rows[i++] = _rows[position.Key];
                }

                _snapshot = rows;
                _snapshotVersion = _version;
            }

            return _snapshot;
        }
    }

    private bool Upsert(AggregatedFlow flow, bool provisional)
    {
        var key = new FlowRowKey(flow.Key.Id, flow.Start);
        if (_rows.TryGetValue(key, out var current))
        {
            // Final numbers are never replaced by numbers so far; numbers so far only grow, so a smaller total is an older update.
            if (!current.Provisional && provisional) return false;
            if (current.Provisional && provisional && Total(flow.Counters) < Total(current.Flow.Counters)) return false;
            if (!current.Provisional && !provisional && current.Flow == flow) return false;
            _rows[key] = new FlowRow(flow, provisional);
            return true;
        }

        _rows[key] = new FlowRow(flow, provisional);
        _order.Add(new Position(flow.Start, ++_arrivals, key));
        return true;
    }

    private static long Total(FlowCounters c) =>
        c.PacketsIn + c.PacketsOut + c.BytesIn + c.BytesOut + c.ConnectionsStarted + c.ConnectionsCompleted + c.ConnectionsLive;

    /// <summary>Where a row sits: by window, then by arrival; the smallest is the oldest.</summary>
    private readonly record struct Position(long WindowStart, long Arrival, FlowRowKey Key) : IComparable<Position>
    {
        public int CompareTo(Position other)
        {
            var c = WindowStart.CompareTo(other.WindowStart);
            return c != 0 ? c : Arrival.CompareTo(other.Arrival);
        }
    }
}
