using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// A window whose numbers are final. Its flows are immutable, so queries read them off the grain's thread; a late
/// report replaces the array (copy on write) instead of changing it.
/// </summary>
internal sealed class ClosedWindow(long start, long end, ImmutableArray<AggregatedFlow> flows, HashSet<DedupClaim>? claims)
{
    private HashSet<DedupClaim>? _claims = claims;
    private WindowView? _view;
    private WindowChanges? _unsaved;

    public long Start { get; } = start;

    public long End { get; } = end;

    public ImmutableArray<AggregatedFlow> Flows { get; private set; } = flows;

    public WindowView View() => _view ??= new WindowView(Start, End, Closed: true, Flows);

    /// <summary>Claims a report for its node; false for a replay. Once claims are forgotten every report counts.</summary>
    public bool TryClaim(FlowReport report, int node)
    {
        var claim = new DedupClaim(node, (int)(report.StartTime - Start), report.Key.Id);
        if (_claims is not null && !_claims.Add(claim)) return false;
        (_unsaved ??= new WindowChanges(Start, End)).Add(report, claim);
        return true;
    }

    /// <summary>Whether the window's final block is in storage; until it is, the next checkpoint writes it whole.</summary>
    public bool Saved { get; set; }

    /// <summary>The claims still kept, for storage.</summary>
    public IReadOnlyCollection<DedupClaim> Claims => (IReadOnlyCollection<DedupClaim>?)_claims ?? [];

    /// <summary>Late reports since the last checkpoint, as one block; null when none came (or the window is stored whole next).</summary>
    public byte[]? TakeUnsaved()
    {
        if (_unsaved is null || _unsaved.IsEmpty) return null;
        if (!Saved)
        {
            _unsaved.Clear();
            return null;
        }

        return _unsaved.Take();
    }

    /// <summary>Drops the dedup claims once no node can replay into this window any more.</summary>
    public void ForgetClaims() => _claims = null;

    public bool HasClaims => _claims is not null;

    /// <summary>Adds reports that arrived after the window closed (already claimed).</summary>
    public void Amend(IReadOnlyCollection<FlowReport> reports)
    {
        var byKey = Flows.ToDictionary(flow => flow.Key);
        foreach (var report in reports)
        {
            var addition = new AggregatedFlow(report.Key, Start, End, report.SourceLabels, report.DestLabels, report.Counters);
            byKey[report.Key] = byKey.TryGetValue(report.Key, out var existing) ? existing.Merge(addition) : addition;
        }

        Flows = [.. byKey.Values];
        _view = null;
    }
}
