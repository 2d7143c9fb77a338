using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Gateway.Hosting;

/// <summary>Limits of the query side (configuration section "Query").</summary>
public sealed class QueryOptions
{
    public const string SectionName = "Query";

    /// <summary>Concurrent live streams (gRPC Flows.Stream, HTTP watch and console live tables together) one gateway serves; beyond, ResourceExhausted / 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; set; } = 10_000;

    /// <summary>Concurrent live streams of one client (authenticated name, else IP address); beyond, ResourceExhausted / 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreamsPerClient { get; set; } = 1_000;

    /// <summary>Query requests (List, FilterHints, Statistics, streams opened, HTTP API calls) one client may make per second on average.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecondPerClient { get; set; } = 100;

    /// <summary>Query requests one client may make at once above its per-second rate before it is refused.</summary>
    [Range(1, 10_000_000)]
    public int RequestBurstPerClient { get; set; } = 200;

    /// <summary>Largest page_size (flows or hints per page) a query may ask for; 0 (no paging) stays allowed.</summary>
    [Range(1, 10_000_000)]
    public int MaxPageSize { get; set; } = 10_000;

    /// <summary>Largest filter, in bytes as encoded on the wire (protobuf for gRPC, the filters JSON for HTTP).</summary>
    [Range(64, 16 * 1024 * 1024)]
    public int MaxFilterBytes { get; set; } = 64 * 1024;

    /// <summary>How long one List, FilterHints or Statistics request may take before it is answered DeadlineExceeded / 504.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

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
