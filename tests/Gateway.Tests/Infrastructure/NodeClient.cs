using FlowGrain.Gateway.Collector;
using FlowGrain.Protocol;
using Grpc.Core;
using Grpc.Net.Client;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>A collector stream as one node holds it: stop-and-wait, one receipt per update.</summary>
public sealed class NodeClient : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<FlowUpdate, FlowReceipt> _call;

    public NodeClient(GrpcChannel channel, string node)
    {
        _call = new FlowCollector.FlowCollectorClient(channel).Connect(new Metadata { { NodeIdentity.NodeHeader, node } });
    }

    /// <summary>Sends each update and waits for its receipt; returns the number of receipts.</summary>
    public async Task<int> SendAsync(params FlowUpdate[] updates)
    {
        var receipts = 0;
        foreach (var update in updates)
        {
            await _call.RequestStream.WriteAsync(update);
            if (!await _call.ResponseStream.MoveNext(CancellationToken.None)) throw new InvalidOperationException("The collector ended the stream.");
            receipts++;
        }

        return receipts;
    }

    /// <summary>Sends a batch over a new stream and closes it.</summary>
    public static async Task<int> ReportAsync(GatewayHost gateway, string node, params FlowUpdate[] updates)
    {
        await using var client = new NodeClient(gateway.Channel, node);
        return await client.SendAsync(updates);
    }

    public async ValueTask DisposeAsync()
    {
        await _call.RequestStream.CompleteAsync();
        while (await _call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }

        _call.Dispose();
    }
}
