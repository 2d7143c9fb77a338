using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Gateway.Queries;

/// <summary>Limits of the query side (configuration section "Query").</summary>
public sealed class QueryOptions
{
    public const string SectionName = "Query";

    /// <summary>Concurrent live streams (gRPC Flows.Stream and HTTP watch) one gateway serves; beyond, callers get ResourceExhausted / 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; set; } = 10_000;

    /// <summary>Feed updates buffered per live stream; a stream that falls further behind is ended with a clear status.</summary>
    [Range(16, 10_000_000)]
    public int StreamBuffer { get; set; } = 10_000;

    /// <summary>Largest (page + 1) × page_size a List may ask for: each owner returns that many rows to merge.</summary>
    [Range(1, 100_000_000)]
    public int MaxListRows { get; set; } = 1_000_000;
}
