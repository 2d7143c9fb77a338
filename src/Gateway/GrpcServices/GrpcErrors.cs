using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Queries;
using Grpc.Core;

namespace FlowGrain.Gateway.GrpcServices;

/// <summary>
/// Turns a query the service cannot answer as asked into InvalidArgument, and one past a limit into that limit's
/// status, with the message that says why.
/// </summary>
public static class GrpcErrors
{
    public static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (InvalidQueryException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
        catch (OverLimitException ex)
        {
            throw ex.ToRpcException();
        }
    }
}
