namespace FlowGrain.Abstractions.Queries;

/// <summary>Sort orders of a flow list (values as on the wire). Time is newest first; the others ascend.</summary>
public enum FlowSort
{
    Time = 0,
    DestName = 1,
    DestNamespace = 2,
    DestType = 3,
    SourceName = 4,
    SourceNamespace = 5,
    SourceType = 6,
}
