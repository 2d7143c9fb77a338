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

    public long Start { get; } = start;

    public long End { get; } = end;

    public ImmutableArray<AggregatedFlow> Flows { get; private set; } = flows;

    public WindowView View() => _view ??= new WindowView(Start, End, Closed: true, Flows);

    /// <summary>Claims a report for its node; false for a replay. Once claims are forgotten every report counts.</summary>
    public bool TryClaim(FlowReport report, int node) =>
        _claims is null || _claims.Add(new DedupClaim(node, (int)(report.StartTime - Start), report.Key.Id));

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
