namespace FlowGrain.Abstractions.Queries;

/// <summary>A value to compare a flow field with: equality (Exact) or case-sensitive substring (Fuzzy).</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.StringMatch")]
public sealed record StringMatch([property: Id(0)] string Value, [property: Id(1)] MatchType Type = MatchType.Exact)
{
    /// <summary>Whether this is an unset match; policy matches treat it as "any".</summary>
    public bool IsWildcard => Value.Length == 0;

    public bool Matches(string candidate) => Type == MatchType.Exact
        ? string.Equals(candidate, Value, StringComparison.Ordinal)
        : candidate.Contains(Value, StringComparison.Ordinal);
}
