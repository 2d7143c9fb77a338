using System.IO;
using System.Collections.Concurrent;
using System.Diagnostics;
using FlowGrain.Protocol;
using Grpc.Core;

namespace FlowGrain.FlowGen.Reporting;

/// <summary>
/// One Connect call, as Felix uses it: at most <c>inflight</c> updates without a receipt (1 = stop-and-wait).
/// Receipts are read on their own loop; if the call fails, pending sends fail too, so the node reconnects.
/// </summary>
internal sealed class CollectorStream : IAsyncDisposable
{
    /// <summary>Header naming the node, so the collector can tell nodes apart on one machine.</summary>
    public const string NodeHeader = "x-flowgrain-node";

    private readonly AsyncDuplexStreamingCall<FlowUpdate, FlowReceipt> _call;
    private readonly SemaphoreSlim _window;
    private readonly ConcurrentQueue<long> _sentAt = new();
    private readonly CancellationTokenSource _failed = new();
    private readonly RunStats _stats;
    private readonly Task _receipts;

    public CollectorStream(FlowCollector.FlowCollectorClient client, string node, int inflight, RunStats stats, CancellationToken cancellationToken)
    {
        _stats = stats;
        _window = new SemaphoreSlim(inflight, inflight);
        _call = client.Connect(new Metadata { { NodeHeader, node } }, cancellationToken: cancellationToken);
        _receipts = ReadReceiptsAsync();
    }

    public async Task SendAsync(FlowUpdate update, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
        try
        {
            await _window.WaitAsync(linked.Token);
            _sentAt.Enqueue(Stopwatch.GetTimestamp());
            await _call.RequestStream.WriteAsync(update, linked.Token);
        }
        catch (OperationCanceledException) when (_failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await _receipts; // rethrows the failure that ended the call
            throw new RpcException(new Status(StatusCode.Unavailable, "The collector stream ended."));
        }
    }

    /// <summary>Ends the stream after the last receipt arrived.</summary>
    public async Task CompleteAsync()
    {
        await _call.RequestStream.CompleteAsync();
        await _receipts;
    }

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _receipts;
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or IOException)
        {
            // Already reported to the sender.
        }

        _failed.Dispose();
        _window.Dispose();
    }

    private async Task ReadReceiptsAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(CancellationToken.None))
            {
                if (_sentAt.TryDequeue(out var sentAt)) _stats.AddReceipt(Stopwatch.GetElapsedTime(sentAt));
                _window.Release();
            }
        }
        finally
        {
            await _failed.CancelAsync();
        }
    }
}
