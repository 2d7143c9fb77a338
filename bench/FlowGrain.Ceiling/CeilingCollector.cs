using FlowGrain.Protocol;
using Grpc.Core;

namespace FlowGrain.Ceiling;

/// <summary>goldmane.FlowCollector/Connect with nothing behind it: each update is decoded (by gRPC) and answered.</summary>
internal sealed class CeilingCollector : FlowCollector.FlowCollectorBase
{
    private static readonly FlowReceipt Receipt = new();

    public override async Task Connect(IAsyncStreamReader<FlowUpdate> requestStream, IServerStreamWriter<FlowReceipt> responseStream, ServerCallContext context)
    {
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                await responseStream.WriteAsync(Receipt, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
