namespace FlowGrain.Abstractions.Flows;

/// <summary>One policy rule that a flow hit; EndOfTier hits name the policy that selected the flow in <see cref="Trigger"/>.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.PolicyHit")]
public sealed record PolicyHit(
    [property: Id(0)] PolicyKind Kind,
    [property: Id(1)] string Namespace,
    [property: Id(2)] string Name,
    [property: Id(3)] string Tier,
    [property: Id(4)] FlowAction Action,
    [property: Id(5)] long PolicyIndex,
    [property: Id(6)] long RuleIndex,
    [property: Id(7)] PolicyHit? Trigger = null)
{
    /// <summary>The policy this hit is attributed to: the trigger for EndOfTier hits, else the hit itself.</summary>
    public PolicyHit Attributed => Kind == PolicyKind.EndOfTier && Trigger is not null ? Trigger : this;

    /// <summary>A readable form; the generated one would recurse through <see cref="Attributed"/>.</summary>
    public override string ToString() =>
        $"{Kind} {Tier}/{Namespace}/{Name} {Action} (policy {PolicyIndex}, rule {RuleIndex})" + (Trigger is null ? "" : $" triggered by {Trigger}");

    /// <summary>Canonical order: by policy index, then every other field, so that traces compare equal whatever order a node sent.</summary>
    public static readonly IComparer<PolicyHit> CanonicalOrder = Comparer<PolicyHit>.Create(Compare);

    private static int Compare(PolicyHit? a, PolicyHit? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;

        var c = a.PolicyIndex.CompareTo(b.PolicyIndex);
        if (c == 0) c = ((int)a.Kind).CompareTo((int)b.Kind); // enums compared as ints: Enum.CompareTo boxes
        if (c == 0) c = string.CompareOrdinal(a.Tier, b.Tier);
        if (c == 0) c = string.CompareOrdinal(a.Namespace, b.Namespace);
        if (c == 0) c = string.CompareOrdinal(a.Name, b.Name);
        if (c == 0) c = ((int)a.Action).CompareTo((int)b.Action);
        if (c == 0) c = a.RuleIndex.CompareTo(b.RuleIndex);
        if (c == 0) c = Compare(a.Trigger, b.Trigger);
        return c;
    }
}
