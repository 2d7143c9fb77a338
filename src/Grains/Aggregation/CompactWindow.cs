using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// A window whose numbers are final, kept compact (<see cref="FlowColumns"/>, with the owner's shared keys and
/// labels). Its columns are immutable, so queries read them off the grain's thread; late reports replace them
/// (copy on write) instead of changing them. Late reports gather first and are packed in when the columns are next
/// read, or once they are a quarter of the window: repacking per late batch would cost the whole window each time.
/// </summary>
internal sealed class CompactWindow
{
    /// <summary>Late keys that are packed in without waiting for a read, at the least.</summary>
    private const int MinLateBeforePacking = 256;

    private readonly OwnerInterning _pools;
    private ClaimSet? _claims;
    private WindowView? _view;
    private WindowChanges? _unsaved;
    private FlowColumns _flows;
    private Dictionary<FlowKey, AggregatedFlow>? _late;

    public CompactWindow(WindowRing ring, long start, int position, IReadOnlyCollection<AggregatedFlow> flows, HashSet<DedupClaim>? claims, OwnerInterning pools)
    {
        Ring = ring;
        Start = start;
        End = start + ring.Width;
        Position = position;
        _pools = pools;
        _claims = claims is null ? null : new ClaimSet(claims);
        _flows = FlowColumns.Pack(start, End, position, flows, pools);
        if (!ring.Rollups) _flows.AddToClosedTotals(pools.Keys);
    }

    public long Start { get; }

    public long End { get; }

    /// <summary>The ring of windows of this width.</summary>
    public WindowRing Ring { get; }

    /// <summary>The window's place in the owner's key table (its bit in each key's presence).</summary>
    public int Position { get; }

    /// <summary>The final rows, late reports included.</summary>
    public FlowColumns Flows
    {
        get
        {
            PackLateReports();
            return _flows;
        }
    }

    public WindowView View()
    {
        PackLateReports();
        return _view ??= new WindowView(Start, End, Closed: true, _flows);
    }

    /// <summary>The window leaves the history: its keys and labels go back to the owner's pools.</summary>
    public void Release()
    {
        _late = null;
        if (!Ring.Rollups) _flows.SubtractFromClosedTotals(_pools.Keys);
        _flows.Release(_pools, Position);
    }

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

    /// <summary>
    /// Adds late reports to a roll-up (claimed in their fine window, which is where replays are told apart), and keeps
    /// them for the next checkpoint.
    /// </summary>
    public void AmendRollup(IReadOnlyCollection<FlowReport> reports)
    {
        var unsaved = _unsaved ??= new WindowChanges(Start, End);
        foreach (var report in reports) unsaved.Add(report);
        Amend(reports);
    }

    /// <summary>Adds reports that arrived after the window closed (already claimed).</summary>
    public void Amend(IReadOnlyCollection<FlowReport> reports)
    {
        var late = _late ??= [];
        foreach (var report in reports)
        {
            var addition = new AggregatedFlow(report.Key, Start, End, report.SourceLabels, report.DestLabels, report.Counters);
            late[report.Key] = late.TryGetValue(report.Key, out var earlier) ? earlier.Merge(addition) : addition;
        }

        if (late.Count >= Math.Max(MinLateBeforePacking, _flows.Count / 4)) PackLateReports();
    }

    /// <summary>Merges the gathered late reports into new columns (counters sum and labels intersect in any order).</summary>
    public void PackLateReports()
    {
        if (_late is null) return;
        var byKey = _flows.ToDictionary(flow => flow.Key);
        foreach (var (key, late) in _late)
        {
            byKey[key] = byKey.TryGetValue(key, out var existing) ? existing.Merge(late) : late;
        }

        var replaced = _flows;
        _flows = FlowColumns.Pack(Start, End, Position, byKey.Values, _pools);
        replaced.ReleaseLabels(_pools);
        foreach (var (key, late) in _late)
        {
            if (!Ring.Rollups && _pools.Keys.TryFind(key, out var slot)) _pools.Keys.AddClosed(slot, late.SourceLabels, late.DestLabels, late.Counters);
        }

        _late = null;
        _view = null;
    }
}
