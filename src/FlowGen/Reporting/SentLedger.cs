using System.Collections.Concurrent;
using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Reporting;

/// <summary>
/// Every good flow a run generated, once each: totals per <see cref="FlowGroup"/>, flows per action and policy hits.
/// This is what the collector must end up with, whatever was replayed.
/// </summary>
public sealed class SentLedger
{
    private readonly ConcurrentDictionary<FlowGroup, FlowTotals> _totals = new();
    private readonly ConcurrentDictionary<FlowGrain.Protocol.Action, long> _flowsByAction = new();
    private readonly ConcurrentDictionary<SentPolicyHit, long> _policyHits = new();
    private long _earliestStart = long.MaxValue;
    private long _flows;

    public long Flows => Interlocked.Read(ref _flows);

    /// <summary>Start time of the earliest flow recorded, or null before any.</summary>
    public long? EarliestStart => Flows == 0 ? null : Interlocked.Read(ref _earliestStart);

    public IReadOnlyDictionary<FlowGroup, FlowTotals> Totals => _totals;

    public IReadOnlyDictionary<FlowGrain.Protocol.Action, long> FlowsByAction => _flowsByAction;

    /// <summary>How many flows carried each policy hit, enforced and pending.</summary>
    public IReadOnlyDictionary<SentPolicyHit, long> PolicyHits => _policyHits;

    public void Record(Flow flow)
    {
        _totals.AddOrUpdate(FlowGroup.Of(flow.Key), FlowTotals.Of(flow), (_, total) => total + FlowTotals.Of(flow));
        _flowsByAction.AddOrUpdate(flow.Key.Action, 1, (_, count) => count + 1);
        foreach (var hit in flow.Key.Policies.EnforcedPolicies) _policyHits.AddOrUpdate(SentPolicyHit.Of(hit, pending: false), 1, (_, n) => n + 1);
        foreach (var hit in flow.Key.Policies.PendingPolicies) _policyHits.AddOrUpdate(SentPolicyHit.Of(hit, pending: true), 1, (_, n) => n + 1);
        Interlocked.Increment(ref _flows);
        long seen;
        while (flow.StartTime < (seen = Interlocked.Read(ref _earliestStart)))
        {
            Interlocked.CompareExchange(ref _earliestStart, flow.StartTime, seen);
        }
    }
}

/// <summary>A policy hit as sent, with the policy that triggered it (EndOfTier hits name one).</summary>
public readonly record struct SentPolicyHit(PolicyKind Kind, string Tier, string Namespace, string Name, FlowGrain.Protocol.Action Action, bool Pending, string TriggerName)
{
    public static SentPolicyHit Of(PolicyHit hit, bool pending) =>
        new(hit.Kind, hit.Tier, hit.Namespace, hit.Name, hit.Action, pending, hit.Trigger?.Name ?? "");
}
