using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// A window that still takes reports: per-key accumulators, the dedup claims, what changed since the last
/// provisional update (for the live feed) and since the last checkpoint (for storage).
/// </summary>
internal sealed class OpenWindow(long start, long end)
{
    private readonly Dictionary<FlowKey, FlowAccumulator> _flows = [];
    private readonly HashSet<DedupClaim> _claims = [];
    private readonly HashSet<FlowKey> _changed = [];
    private readonly WindowChanges _unsaved = new(start, end);
    private WindowView? _view;

    public long Start { get; } = start;

    public long End { get; } = end;

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

    /// <summary>Freezes the window: its numbers are final from now on (and stored whole, so unsaved changes go).</summary>
    public CompactWindow Close(OwnerInterning pools)
    {
        _unsaved.Clear();
        return new(Start, End, View().Flows, _claims, pools);
    }

    private void Accumulate(FlowKey key, FlowCounters counters, LabelSet sourceLabels, LabelSet destLabels)
    {
        if (_flows.TryGetValue(key, out var accumulator))
        {
            accumulator.Add(counters, sourceLabels, destLabels);
        }
        else
        {
            accumulator = new FlowAccumulator(key, sourceLabels, destLabels);
            accumulator.Add(counters, sourceLabels, destLabels);
            _flows.Add(key, accumulator);
        }

        _changed.Add(key);
        _view = null;
    }
}
