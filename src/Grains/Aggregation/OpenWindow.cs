using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// A window that still takes reports: per-key accumulators, the dedup claims, what changed since the last
/// provisional update (for the live feed) and since the last checkpoint (for storage). Its keys are in the owner's
/// key table from their first report on, so queries find them like those of closed windows.
/// </summary>
internal sealed class OpenWindow(WindowRing ring, long start, int position, OwnerInterning pools)
{
    private readonly Dictionary<FlowKey, FlowAccumulator> _flows = [];
    private readonly HashSet<DedupClaim> _claims = [];
    private readonly HashSet<FlowKey> _changed = [];
    private readonly WindowChanges _unsaved = new(start, start + ring.Width);
    private WindowView? _view;

    public long Start { get; } = start;

    public long End { get; } = start + ring.Width;

    /// <summary>The ring of windows of this width.</summary>
    public WindowRing Ring { get; } = ring;

    /// <summary>The window's place in the owner's key table (its bit in each key's presence).</summary>
    public int Position { get; } = position;

    public int KeyCount => _flows.Count;

    /// <summary>Adds a report unless this node already delivered it; false for a replay.</summary>
    public bool TryAdd(FlowReport report, int node)
    {
        var claim = new DedupClaim(node, (int)(report.StartTime - Start), report.Key.Id);
        if (!_claims.Add(claim))
        {
            return false;
        }

        Accumulate(report.Key, report.Counters, report.SourceLabels, report.DestLabels);
        _unsaved.Add(report, claim);
        return true;
    }

    /// <summary>Takes back what an earlier activation stored (already durable, so not saved again).</summary>
    public void Restore(FlowBlock block)
    {
        foreach (var flow in block.Flows) Accumulate(flow.Key, flow.Counters, flow.SourceLabels, flow.DestLabels);
        _claims.UnionWith(block.Claims);
    }

    /// <summary>What changed since the last checkpoint, as one block; null when nothing did.</summary>
    public byte[]? TakeUnsaved() => _unsaved.IsEmpty ? null : _unsaved.Take();

    /// <summary>The keys that changed since the last call, with their numbers so far.</summary>
    public ImmutableArray<AggregatedFlow> TakeChanged()
    {
        if (_changed.Count == 0)
        {
            return [];
        }

        var changed = _changed.Select(key => _flows[key].ToFlow(Start, End)).ToImmutableArray();
        _changed.Clear();
        return changed;
    }

    /// <summary>A snapshot for queries, cached until the next report arrives.</summary>
    public WindowView View() =>
        _view ??= new WindowView(Start, End, Closed: false, [.. _flows.Values.Select(a => a.ToFlow(Start, End))]);

    /// <summary>Adds the numbers so far of the table's instance of a key to its sum, if the window holds it.</summary>
    public void AddTo(ref RowSum sum, FlowKey key)
    {
        if (_flows.TryGetValue(key, out var accumulator)) sum.Add(Start, End, accumulator.SourceLabels, accumulator.DestLabels, accumulator.Counters);
    }

    /// <summary>Adds the numbers so far of every key wanted (by slot) to its sum.</summary>
    public void AddTo(RowSum[] sums, bool[] wanted)
    {
        foreach (var accumulator in _flows.Values)
        {
            if (wanted[accumulator.Slot]) sums[accumulator.Slot].Add(Start, End, accumulator.SourceLabels, accumulator.DestLabels, accumulator.Counters);
        }
    }

    /// <summary>The counters so far summed per policy trace and reporter.</summary>
    public IReadOnlyList<TraceTotal> TraceTotals() => TraceTotal.Of(_flows.Values.Select(a => (a.Key, a.Counters)));

    /// <summary>Freezes the window: its numbers are final from now on (and stored whole, so unsaved changes go).</summary>
    public CompactWindow Close()
    {
        _unsaved.Clear();
        return new(Ring, Start, Position, View().Flows, _claims, pools);
    }

    private void Accumulate(FlowKey key, FlowCounters counters, LabelSet sourceLabels, LabelSet destLabels)
    {
        if (_flows.TryGetValue(key, out var accumulator))
        {
            accumulator.Add(counters, sourceLabels, destLabels);
        }
        else
        {
            var slot = pools.Keys.Add(key, Position, out var kept);
            accumulator = new FlowAccumulator(kept, slot, sourceLabels, destLabels);
            accumulator.Add(counters, sourceLabels, destLabels);
            _flows.Add(kept, accumulator);
        }

        _changed.Add(accumulator.Key);
        _view = null;
    }
}
