using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// A window whose numbers are final, kept compact (<see cref="FlowColumns"/>, with the owner's shared keys and
/// labels). Its columns are immutable, so queries read them off the grain's thread; a late report replaces them
/// (copy on write) instead of changing them.
/// </summary>
internal sealed class ClosedWindow
{
    private readonly OwnerInterning _pools;
    private ClaimSet? _claims;
    private WindowView? _view;
    private WindowChanges? _unsaved;

    public ClosedWindow(long start, long end, IReadOnlyCollection<AggregatedFlow> flows, HashSet<DedupClaim>? claims, OwnerInterning pools)
    {
        Start = start;
        End = end;
        _pools = pools;
        _claims = claims is null ? null : new ClaimSet(claims);
        Flows = FlowColumns.Pack(start, end, flows, pools);
    }

    public long Start { get; }

    public long End { get; }

    /// <summary>The final rows, made as they are read.</summary>
    public FlowColumns Flows { get; private set; }

    public WindowView View() => _view ??= new WindowView(Start, End, Closed: true, Flows);

    /// <summary>The window leaves the history: its keys and labels go back to the owner's pools.</summary>
    public void Release() => Flows.Release(_pools);

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

        var replaced = Flows;
        Flows = FlowColumns.Pack(Start, End, byKey.Values, _pools);
        replaced.Release(_pools);
        _view = null;
    }
}
