using System.Diagnostics;
using System.Threading.Channels;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Storage;
using FlowGrain.Gateway.Observability;

namespace FlowGrain.Gateway.Collector;

/// <summary>
/// The flows waiting for one owner grain. A single pump sends whatever has gathered as one batch, one call at a
/// time, so batches grow with load; a failed call is retried with backoff, never dropped. A delivered batch is
/// kept until the owner's activation reports it durable; if the activation changes first (its silo died), the
/// batch is sent again to the new one, whose dedup claims skip whatever did reach storage.
/// </summary>
internal sealed partial class OwnerQueue
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<FlowReport> _channel;
    private readonly INamespaceFlowsGrain _grain;
    private readonly CollectorOptions _options;
    private readonly DurabilityOptions _durability;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly List<DeliveredBatch> _retained = [];
    private readonly CancellationToken _abandon;
    private long _pending;
    private long _retainedCount;
    private Guid _current;

    /// <summary>Starts the pump; <paramref name="abandon"/> is cancelled when shutdown gives up waiting for durability and retries.</summary>
    public OwnerQueue(string owner, INamespaceFlowsGrain grain, CollectorOptions options, DurabilityOptions durability, GatewayMetrics metrics,
        ILogger logger, CancellationToken abandon = default)
    {
        _abandon = abandon;
        Owner = owner;
        _grain = grain;
        _options = options;
        _durability = durability;
        _metrics = metrics;
        _logger = logger;
        _channel = Channel.CreateBounded<FlowReport>(new BoundedChannelOptions(options.OwnerQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Pump = Task.Run(PumpAsync, CancellationToken.None);
    }

    public string Owner { get; }

    /// <summary>Flows accepted but not yet confirmed by the grain.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Flows confirmed by the grain but not yet durable there.</summary>
    public long Retained => Interlocked.Read(ref _retainedCount);

    /// <summary>Ends when the queue was completed and everything in it is durable (or abandoned).</summary>
    public Task Pump { get; }

    /// <summary>How long to wait between asking the owner whether what it took is durable.</summary>
    private TimeSpan PollInterval => _durability.CheckpointInterval / 2;

    /// <summary>Queues a flow; waits while the queue is full, up to the backpressure timeout. False if it had to be dropped.</summary>
    public async ValueTask<bool> EnqueueAsync(FlowReport report, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pending);
        if (_channel.Writer.TryWrite(report)) return true;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.BackpressureTimeout);
        try
        {
            await _channel.Writer.WriteAsync(report, timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Decrement(ref _pending);
            return false;
        }
        catch
        {
            Interlocked.Decrement(ref _pending);
            throw;
        }
    }

    /// <summary>Stops taking flows; the pump sends what is queued, waits until it is durable, and ends.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private async Task PumpAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<FlowReport>(_options.MaxBatchSize);
        try
        {
            while (await WaitForFlowsAsync(reader))
            {
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var report))
                {
                    batch.Add(report);
                }

                var sent = new FlowReportBatch([.. batch]);
                await DeliverAsync(sent);
                Interlocked.Add(ref _pending, -batch.Count);
                batch.Clear();
            }

            while (_retained.Count > 0)
            {
                await Task.Delay(PollInterval, _abandon);
                await PollAsync();
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // Shutdown gave up waiting: the nodes replay what this gateway still held once they reconnect elsewhere.
        }
        finally
        {
            Release(_retained.Sum(b => b.Batch.Reports.Length));
            _retained.Clear();
        }
    }

    /// <summary>Waits for flows to send; meanwhile asks the owner how far it is durable, and holds off while this gateway retains too much.</summary>
    private async Task<bool> WaitForFlowsAsync(ChannelReader<FlowReport> reader)
    {
        var ready = reader.WaitToReadAsync(_abandon).AsTask();
        while (_retained.Count > 0 && (!ready.IsCompleted || _metrics.RetainedFlows >= _durability.MaxRetainedFlows))
        {
            await Task.WhenAny(ready, Task.Delay(PollInterval, _abandon));
            if (!ready.IsCompleted || _metrics.RetainedFlows >= _durability.MaxRetainedFlows) await PollAsync();
            _abandon.ThrowIfCancellationRequested();
        }

        return await ready;
    }

    private async Task PollAsync()
    {
        try
        {
            Settle(await _grain.DurabilityAsync());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The owner is unreachable for now; the next poll (or delivery) tells whether its activation changed.
            LogPollFailed(_logger, ex, Owner);
            return;
        }

        await ResendStaleAsync();
    }

    /// <summary>Sends a batch, keeps it until durable, and sends again whatever a lost activation had not stored.</summary>
    private async Task DeliverAsync(FlowReportBatch batch)
    {
        var ack = await SendAsync(batch);
        _retained.Add(new DeliveredBatch(ack.Durability.Activation, ack.Sequence, batch));
        Hold(batch.Reports.Length);
        Settle(ack.Durability);
        await ResendStaleAsync();
    }

    /// <summary>Drops what the owner's activation has made durable.</summary>
    private void Settle(DurabilityMark mark)
    {
        _current = mark.Activation;
        var durable = 0;
        _retained.RemoveAll(b =>
        {
            if (b.Activation != mark.Activation || b.Sequence > mark.DurableThrough) return false;
            durable += b.Batch.Reports.Length;
            return true;
        });
        Release(durable);
    }

    /// <summary>Batches that an earlier activation took but did not store go to the current one.</summary>
    private async Task ResendStaleAsync()
    {
        while (_retained.FirstOrDefault(b => b.Activation != _current) is { } stale)
        {
            _retained.Remove(stale);
            Release(stale.Batch.Reports.Length);
            LogResend(_logger, Owner, stale.Batch.Reports.Length);
            _metrics.Resent(stale.Batch.Reports.Length);
            var ack = await SendAsync(stale.Batch);
            _retained.Add(new DeliveredBatch(ack.Durability.Activation, ack.Sequence, stale.Batch));
            Hold(stale.Batch.Reports.Length);
            Settle(ack.Durability);
        }
    }

    private async Task<IngestAck> SendAsync(FlowReportBatch batch)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var ack = await _grain.IngestAsync(batch);
                _metrics.Ingested(ack.Receipt, batch.Reports.Length, Stopwatch.GetElapsedTime(started));
                return ack;
            }
            catch (Exception ex)
            {
                // The cluster is unavailable or slow: keep the batch, wait, try again. The full queue slows receipts meanwhile.
                if (attempt == 1 || attempt % 10 == 0) LogRetry(_logger, ex, Owner, batch.Reports.Length, attempt);
                await Task.Delay(delay, _abandon);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private void Hold(long count)
    {
        Interlocked.Add(ref _retainedCount, count);
        _metrics.Retained(count);
    }

    private void Release(long count)
    {
        Interlocked.Add(ref _retainedCount, -count);
        _metrics.Retained(-count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} flows to owner {Owner} failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, string owner, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Asking owner {Owner} how far it is durable failed; asking again shortly")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Owner {Owner} moved to a new activation before {Count} delivered flows were durable; sending them again")]
    private static partial void LogResend(ILogger logger, string owner, int count);

    private sealed record DeliveredBatch(Guid Activation, long Sequence, FlowReportBatch Batch);
}
