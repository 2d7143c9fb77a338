using System.Diagnostics;
using System.Threading.Channels;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Gateway.Observability;
using Microsoft.Extensions.Logging;

namespace FlowGrain.Gateway.Collector;

/// <summary>
/// The flows waiting for one owner grain. A single pump sends whatever has gathered as one batch, one call at a
/// time, so batches grow with load; a failed call is retried with backoff, never dropped.
/// </summary>
internal sealed partial class OwnerQueue
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<FlowReport> _channel;
    private readonly INamespaceFlowsGrain _grain;
    private readonly CollectorOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private long _pending;

    public OwnerQueue(string owner, INamespaceFlowsGrain grain, CollectorOptions options, GatewayMetrics metrics, ILogger logger)
    {
        Owner = owner;
        _grain = grain;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _channel = Channel.CreateBounded<FlowReport>(new BoundedChannelOptions(options.OwnerQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Pump = Task.Run(PumpAsync);
    }

    public string Owner { get; }

    /// <summary>Flows accepted but not yet confirmed by the grain.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public Task Pump { get; }

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

    /// <summary>Stops taking flows; the pump sends what is queued and ends.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private async Task PumpAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<FlowReport>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var report))
            {
                batch.Add(report);
            }

            await SendAsync(new FlowReportBatch([.. batch]));
            Interlocked.Add(ref _pending, -batch.Count);
            batch.Clear();
        }
    }

    private async Task SendAsync(FlowReportBatch batch)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var receipt = await _grain.IngestAsync(batch);
                _metrics.Ingested(receipt, batch.Reports.Length, Stopwatch.GetElapsedTime(started));
                return;
            }
            catch (Exception ex)
            {
                // The cluster is unavailable or slow: keep the batch, wait, try again. The full queue slows receipts meanwhile.
                if (attempt == 1 || attempt % 10 == 0) LogRetry(_logger, ex, Owner, batch.Reports.Length, attempt);
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} flows to owner {Owner} failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, string owner, int count, int attempt);
}
