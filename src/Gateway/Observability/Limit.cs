using Grpc.Core;

namespace FlowGrain.Gateway.Observability;

/// <summary>The gateway's limits on what one caller may ask; each refusal is counted under its snake_case name.</summary>
public enum Limit
{
    /// <summary>Query:MaxStreams: live streams (gRPC, SSE and console tables together) on one gateway.</summary>
    StreamsPerGateway,

    /// <summary>Query:MaxStreamsPerClient: live streams of one client.</summary>
    StreamsPerClient,

    /// <summary>Query:RequestsPerSecondPerClient and Query:RequestBurstPerClient: query requests of one client.</summary>
    RequestsPerClient,

    /// <summary>Query:MaxPageSize: rows or hints on one page.</summary>
    PageSize,

    /// <summary>Query:MaxFilterBytes: the encoded size of one filter.</summary>
    FilterSize,

    /// <summary>Gateway:MaxMessageBytes: one gRPC request message.</summary>
    MessageSize,

    /// <summary>Query:RequestTimeout: how long one List, FilterHints or Statistics request may take.</summary>
    RequestTimeout,

    /// <summary>Collector:MaxStreamsPerNode: open collector streams of one node identity.</summary>
    CollectorStreamsPerNode,
}

/// <summary>How a refusal for each limit is answered on each API.</summary>
public static class LimitStatus
{
    public static StatusCode Grpc(this Limit limit) => limit switch
    {
        Limit.PageSize or Limit.FilterSize => StatusCode.InvalidArgument,
        Limit.RequestTimeout => StatusCode.DeadlineExceeded,
        _ => StatusCode.ResourceExhausted,
    };

    public static int Http(this Limit limit) => limit switch
    {
        Limit.PageSize or Limit.FilterSize => StatusCodes.Status400BadRequest,
        Limit.StreamsPerClient or Limit.RequestsPerClient => StatusCodes.Status429TooManyRequests,
        Limit.RequestTimeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status503ServiceUnavailable,
    };
}
