using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Abstractions.Statistics;

/// <summary>
/// A policy (Action, RuleIndex and Direction left unset) or one rule of it. Ordered as results are returned:
/// by kind, tier, namespace, name, then the rule fields.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.StatisticsKey")]
public sealed record StatisticsKey(
    [property: Id(0)] PolicyKind Kind,
    [property: Id(1)] string Tier,
    [property: Id(2)] string Namespace,
    [property: Id(3)] string Name,
    [property: Id(4)] FlowAction Action,
    [property: Id(5)] long RuleIndex,
    [property: Id(6)] RuleDirection Direction)
{
    /// <summary>The order results are returned in.</summary>
    public static readonly IComparer<StatisticsKey> ResultOrder = Comparer<StatisticsKey>.Create((a, b) =>
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        var c = a.Kind.CompareTo(b.Kind);
        if (c == 0) c = string.CompareOrdinal(a.Tier, b.Tier);
        if (c == 0) c = string.CompareOrdinal(a.Namespace, b.Namespace);
        if (c == 0) c = string.CompareOrdinal(a.Name, b.Name);
        if (c == 0) c = a.Action.CompareTo(b.Action);
        if (c == 0) c = a.RuleIndex.CompareTo(b.RuleIndex);
        if (c == 0) c = a.Direction.CompareTo(b.Direction);
        return c;
    });
}
