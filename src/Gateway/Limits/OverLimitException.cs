using Grpc.Core;

namespace FlowGrain.Gateway.Limits;

/// <summary>A request went past one of the gateway's limits; the message names the setting and what to do.</summary>
public sealed class OverLimitException(Limit limit, string message) : Exception(message)
{
    public Limit Limit { get; } = limit;

    public RpcException ToRpcException() => new(new Status(Limit.Grpc(), Message));
}
