using System.Collections.Immutable;

namespace FlowGrain.Abstractions.Flows;

/// <summary>The enforced and pending (staged) policy hits of a flow, in canonical order.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.PolicyTrace")]
public sealed class PolicyTrace : IEquatable<PolicyTrace>
{
    public static readonly PolicyTrace Empty = new([], []);

    [Id(0)] public ImmutableArray<PolicyHit> Enforced { get; }
    [Id(1)] public ImmutableArray<PolicyHit> Pending { get; }

    public PolicyTrace(ImmutableArray<PolicyHit> enforced, ImmutableArray<PolicyHit> pending)
    {
        Enforced = enforced.IsDefault ? [] : enforced;
        Pending = pending.IsDefault ? [] : pending;
    }

    /// <summary>Builds a trace with hits sorted canonically (older nodes send them in arbitrary order).</summary>
    public static PolicyTrace Canonical(IEnumerable<PolicyHit> enforced, IEnumerable<PolicyHit> pending) =>
        new([.. enforced.Order(PolicyHit.CanonicalOrder)], [.. pending.Order(PolicyHit.CanonicalOrder)]);

    /// <summary>Every hit, enforced first.</summary>
    public IEnumerable<PolicyHit> All => Enforced.Concat(Pending);

    public bool Equals(PolicyTrace? other) =>
        other is not null && Enforced.AsSpan().SequenceEqual(other.Enforced.AsSpan())
                          && Pending.AsSpan().SequenceEqual(other.Pending.AsSpan());

    public override bool Equals(object? obj) => Equals(obj as PolicyTrace);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var hit in Enforced) hash.Add(hit);
        hash.Add(-1);
        foreach (var hit in Pending) hash.Add(hit);
        return hash.ToHashCode();
    }
}
