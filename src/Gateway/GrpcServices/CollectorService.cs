using System.Diagnostics;
using System.Threading.Channels;
using FlowGrain.Abstractions.Time;
using FlowGrain.Gateway.Collector;
using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Wire;
using FlowGrain.Protocol;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.GrpcServices;

/// <summary>
/// goldmane.FlowCollector/Connect: one stream per node. Each update is validated, canonicalised and queued for its
/// owner, and answered with a receipt right away, in order. A bad update is refused alone; the stream stays up.
/// </summary>
public sealed class CollectorService(
    IngestPipeline pipeline,
    FlowClock clock,
    WindowGrid grid,
    GatewayMetrics metrics,
    RejectionLog rejections,
    SharedCertificateWarning sharedCertificates,
    Security.GatewayTlsSettings tls,
    IOptions<CollectorOptions> options,
    IHostApplicationLifetime lifetime)
{
    private static readonly FlowReceipt Receipt = new();

    public async Task Connect(
        IAsyncStreamReader<IncomingMessage<FlowUpdate>> requests,
        IServerStreamWriter<FlowReceipt> responses,
        ServerCallContext context)
    {
        var node = NodeIdentity.Of(context, tls.Grpc.NodeIdentity);
        sharedCertificates.Seen(node, context);
        if (!metrics.TryOpenCollectorStream(node, options.Value.MaxStreamsPerNode))
        {
            throw metrics.LimitExceeded(Limit.CollectorStreamsPerNode,
                $"Node {node} already has {options.Value.MaxStreamsPerNode} collector streams open (Collector:MaxStreamsPerNode); close one before connecting again. If nodes share one certificate, set Tls:NodeIdentity so that each is named apart.")
                .ToRpcException();
        }

        try
        {
            while (await requests.MoveNext(context.CancellationToken))
            {
                var started = Stopwatch.GetTimestamp();
                await AcceptAsync(requests.Current, node, context.CancellationToken);
                await responses.WriteAsync(Receipt, context.CancellationToken);
                metrics.ReceiptWritten(Stopwatch.GetElapsedTime(started));
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The gateway is stopping: everything answered for is queued and will be flushed; the node reconnects
            // elsewhere and replays the rest (the update being read when this came got no receipt).
            throw new RpcException(new Status(StatusCode.Unavailable, "The gateway is shutting down; reconnect to continue."));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The node went away; everything it was answered for is queued.
        }
        catch (ChannelClosedException)
        {
            // The gateway is stopping. The update waiting for room got no receipt, so Felix replays it elsewhere.
            throw new RpcException(new Status(StatusCode.Unavailable, "The gateway is shutting down; reconnect to continue."));
        }
        finally
        {
            metrics.CollectorStreamClosed(node);
        }
    }

    private async ValueTask AcceptAsync(IncomingMessage<FlowUpdate> incoming, string node, CancellationToken cancellationToken)
    {
        metrics.Received();
        if (incoming.Message is not { } update)
        {
            Reject(node, RejectionReason.Malformed, $"undecodable FlowUpdate: {incoming.Error}");
            return;
        }

        var now = clock.NowSeconds;
        var validation = FlowUpdateValidator.Validate(update, node, now);
        if (validation.Report is not { } report)
        {
            Reject(node, validation.Reason!.Value, validation.Detail!);
            return;
        }

        if (!grid.Accepts(report.StartTime, now))
        {
            metrics.Dropped(DropReasons.OutOfRange);
            rejections.Rejected(node, DropReasons.OutOfRange,
                $"start_time {report.StartTime} is outside the kept windows [{grid.OldestRetainedStart(now)}, {grid.AcceptedEnd(now)})");
            return;
        }

        if (!await pipeline.EnqueueAsync(report, cancellationToken))
        {
            rejections.Rejected(node, DropReasons.Backpressure,
                $"the queue of owner {report.Key.Owner} stayed full for Collector:BackpressureTimeout; the cluster is not keeping up");
        }
    }

    private void Reject(string node, RejectionReason reason, string detail)
    {
        metrics.Rejected(reason);
        rejections.Rejected(node, MetricLabels.Of(reason), detail);
    }
}
