namespace FlowGrain.Abstractions.Queries;

/// <summary>How a <see cref="StringMatch"/> compares: equality, or case-sensitive substring.</summary>
public enum MatchType
{
    Exact = 0,
    Fuzzy = 1,
}
