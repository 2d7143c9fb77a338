using System.Collections.Immutable;
using System.Runtime.InteropServices;

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
        Canonical(enforced.ToArray(), pending.ToArray());

    /// <summary>As <see cref="Canonical(IEnumerable{PolicyHit}, IEnumerable{PolicyHit})"/>, sorting the arrays in place and keeping them.</summary>
    public static PolicyTrace Canonical(PolicyHit[] enforced, PolicyHit[] pending)
    {
        if (enforced.Length == 0 && pending.Length == 0) return Empty;
        // The order compares every field, so equal hits are identical and an unstable sort is still canonical.
        Array.Sort(enforced, PolicyHit.CanonicalOrder);
        Array.Sort(pending, PolicyHit.CanonicalOrder);
        return new(ImmutableCollectionsMarshal.AsImmutableArray(enforced), ImmutableCollectionsMarshal.AsImmutableArray(pending));
    }

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
