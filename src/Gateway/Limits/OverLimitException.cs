using FlowGrain.Gateway.Observability;
using Grpc.Core;

namespace FlowGrain.Gateway.Limits;

/// <summary>A request went past one of the gateway's limits; the message names the setting and what to do.</summary>
public sealed class OverLimitException(Limit limit, string message) : Exception(message)
{
    public Limit Limit { get; } = limit;

    public RpcException ToRpcException() => new(new Status(Limit.Grpc(), Message));
}

/// <summary>Refusing by a limit: counted, then told to the caller.</summary>
public static class LimitRefusals
{
    /// <summary>Counts a refusal by <paramref name="limit"/> and returns the exception that tells the caller.</summary>
    public static OverLimitException LimitExceeded(this GatewayMetrics metrics, Limit limit, string message)
    {
        metrics.LimitRefused(limit);
        return new OverLimitException(limit, message);
    }
}
