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

    /// <summary>Closed windows each gateway keeps in memory for its HTTP watch streams to resume from; older ones are re-read from the owners.</summary>
    [Range(1, 1000)]
    public int RecentWindowsKept { get; set; } = 8;

    /// <summary>How often an idle HTTP watch stream sends a comment, so proxies keep it open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest (page + 1) × page_size a List may ask for: each owner returns that many rows to merge.</summary>
    [Range(1, 100_000_000)]
    public int MaxListRows { get; set; } = 1_000_000;
}
