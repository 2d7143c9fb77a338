using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>A window that still takes reports: per-key accumulators, the dedup claims, and what changed since the last provisional update.</summary>
internal sealed class OpenWindow(long start, long end)
{
    private readonly Dictionary<FlowKey, FlowAccumulator> _flows = [];
    private readonly HashSet<DedupClaim> _claims = [];
    private readonly HashSet<FlowKey> _changed = [];
    private WindowView? _view;

    public long Start { get; } = start;

    public long End { get; } = end;

    public int KeyCount => _flows.Count;

    /// <summary>Adds a report unless this node already delivered it; false for a replay.</summary>
    public bool TryAdd(FlowReport report, int node)
    {
        if (!_claims.Add(new DedupClaim(node, (int)(report.StartTime - Start), report.Key.Id)))
        {
            return false;
        }

        if (_flows.TryGetValue(report.Key, out var accumulator))
        {
            accumulator.Add(report.Counters, report.SourceLabels, report.DestLabels);
        }
        else
        {
            accumulator = new FlowAccumulator(report.Key, report.SourceLabels, report.DestLabels);
            accumulator.Add(report.Counters, report.SourceLabels, report.DestLabels);
            _flows.Add(report.Key, accumulator);
        }

        _changed.Add(report.Key);
        _view = null;
        return true;
    }

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

    /// <summary>Freezes the window: its numbers are final from now on.</summary>
    public ClosedWindow Close() => new(Start, End, View().Flows, _claims);
}
