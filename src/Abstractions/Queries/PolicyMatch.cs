using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Abstractions.Queries;

/// <summary>Selects policy hits: every field that is set must match; unset (empty, Unspecified) fields match anything.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.PolicyMatch")]
public sealed record PolicyMatch(
    [property: Id(0)] PolicyKind Kind,
    [property: Id(1)] StringMatch Tier,
    [property: Id(2)] StringMatch Namespace,
    [property: Id(3)] StringMatch Name,
    [property: Id(4)] FlowAction Action)
{
    public static readonly PolicyMatch Any = new(PolicyKind.Unspecified, new(""), new(""), new(""), FlowAction.Unspecified);

    /// <summary>
    /// Whether the hit matches. EndOfTier hits also match as the policy that selected the flow (their trigger),
    /// so a filter on a policy name finds flows that policy's tier ended.
    /// </summary>
    public bool Matches(PolicyHit hit) =>
        MatchesIdentity(hit, hit) || (hit.Kind == PolicyKind.EndOfTier && hit.Trigger is { } trigger && MatchesIdentity(trigger, hit));

    private bool MatchesIdentity(PolicyHit identity, PolicyHit hit) =>
        (Kind == PolicyKind.Unspecified || Kind == identity.Kind)
        && (Tier.IsWildcard || Tier.Matches(identity.Tier))
        && (Namespace.IsWildcard || Namespace.Matches(identity.Namespace))
        && (Name.IsWildcard || Name.Matches(identity.Name))
        && (Action == FlowAction.Unspecified || Action == hit.Action);
}
