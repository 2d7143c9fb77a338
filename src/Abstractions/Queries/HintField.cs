namespace FlowGrain.Abstractions.Queries;

/// <summary>The field whose distinct values a filter-hints query lists (values as on the wire).</summary>
public enum HintField
{
    Unspecified = 0,
    DestName = 1,
    SourceName = 2,
    DestNamespace = 3,
    SourceNamespace = 4,
    PolicyTier = 5,
    PolicyName = 6,
    PolicyKind = 7,
    PolicyNamespace = 8,
}
