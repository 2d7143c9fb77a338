using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Reporting;

/// <summary>
/// The collectors one node may report to, as replicas behind a Service: it starts at its own offset (so nodes
/// spread over the replicas) and moves on to the next one after a failed stream.
/// </summary>
internal sealed class CollectorTargets
{
    private readonly IReadOnlyList<(Uri Address, FlowCollector.FlowCollectorClient Client)> _targets;
    private int _current;

    public CollectorTargets(IReadOnlyList<(Uri Address, FlowCollector.FlowCollectorClient Client)> targets, int first)
    {
        if (targets.Count == 0) throw new ArgumentException("At least one target is needed.", nameof(targets));
        _targets = targets;
        _current = first % targets.Count;
    }

    public Uri Address => _targets[_current].Address;

    public FlowCollector.FlowCollectorClient Client => _targets[_current].Client;

    /// <summary>Moves to the next target (round robin); the same one again when there is only one.</summary>
    public void MoveNext() => _current = (_current + 1) % _targets.Count;
}
