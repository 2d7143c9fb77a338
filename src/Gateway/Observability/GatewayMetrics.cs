using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Grains.Metrics;

namespace FlowGrain.Gateway.Observability;

/// <summary>The gateway's own instruments (meter "FlowGrain.Gateway"); nothing the collector does to a flow is silent.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "FlowGrain.Gateway";

    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _deduplicated;
    private readonly Counter<long> _late;
    private readonly UpDownCounter<long> _collectorStreams;
    private readonly UpDownCounter<long> _liveStreams;
    private readonly ConcurrentDictionary<string, int> _connectedNodes = new(StringComparer.Ordinal);
    private readonly Histogram<double> _receiptLatency;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _grainIngestLatency;
    private readonly Histogram<double> _queryLatency;

    private readonly Counter<long> _resent;
    private readonly Counter<long> _limitRefusals;
    private long _retainedFlows;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("flowgrain_flows_received", "{flow}", "Flows read from collector streams.");
        _rejected = meter.CreateCounter<long>("flowgrain_flows_rejected", "{flow}", "Flows refused as invalid, by reason.");
        _dropped = meter.CreateCounter<long>("flowgrain_flows_dropped", "{flow}", "Valid flows not aggregated, by reason (out_of_range, backpressure).");
        _deduplicated = meter.CreateCounter<long>("flowgrain_flows_deduplicated", "{flow}", "Replayed flows recognised and not counted again.");
        _late = meter.CreateCounter<long>("flowgrain_flows_late", "{flow}", "Flows added to a window after it closed.");
        _collectorStreams = meter.CreateUpDownCounter<long>("flowgrain_collector_streams", "{stream}", "Connected collector streams.");
        _liveStreams = meter.CreateUpDownCounter<long>("flowgrain_live_streams", "{stream}", "Open live streams, by API (grpc, sse).");
        meter.CreateObservableGauge("flowgrain_collector_nodes", () => _connectedNodes.Count, "{node}", "Distinct nodes with an open collector stream.");
        _receiptLatency = meter.CreateHistogram("flowgrain_receipt_latency", "s", "Time from reading a flow update to writing its receipt.", tags: null, advice: Buckets.Seconds);
        _batchSize = meter.CreateHistogram("flowgrain_ingest_batch_size", "{flow}", "Flows per batch sent to an owner grain.", tags: null, advice: Buckets.Counts);
        _grainIngestLatency = meter.CreateHistogram("flowgrain_grain_ingest_latency", "s", "Duration of one owner grain ingest call.", tags: null, advice: Buckets.Seconds);
        meter.CreateObservableGauge("flowgrain_retained_flows", () => Interlocked.Read(ref _retainedFlows), "{flow}",
            "Flows delivered to owners but not yet durable there, kept to be sent again if the owner's silo dies.");
        _resent = meter.CreateCounter<long>("flowgrain_flows_resent", "{flow}", "Flows sent again to an owner whose activation changed before they were durable.");
        _limitRefusals = meter.CreateCounter<long>("flowgrain_limit_refusals", "{request}", "Requests and streams refused by one of the gateway's limits, by limit.");
        _queryLatency = meter.CreateHistogram("flowgrain_query_latency", "s", "Duration of a query, by API and method.", tags: null, advice: Buckets.Seconds);
        ExportZeros();
    }

    /// <summary>
    /// Starts every counter an alert watches at zero with all its reasons. Prometheus' rate() and increase() see
    /// nothing in a series whose first sample is already 1, so without this the first drop or rejection would
    /// never alert.
    /// </summary>
    private void ExportZeros()
    {
        _received.Add(0);
        _deduplicated.Add(0);
        _late.Add(0);
        _resent.Add(0);
        foreach (var reason in Enum.GetValues<RejectionReason>()) _rejected.Add(0, new KeyValuePair<string, object?>("reason", MetricLabels.Of(reason)));
        foreach (var reason in DropReasons.All) _dropped.Add(0, new KeyValuePair<string, object?>("reason", reason));
        foreach (var limit in Enum.GetValues<Limit>()) _limitRefusals.Add(0, new KeyValuePair<string, object?>("limit", MetricLabels.Of(limit)));
    }

    public void Received() => _received.Add(1);

    /// <summary>Flows retained until durable, across this gateway's owner queues.</summary>
    public long RetainedFlows => Interlocked.Read(ref _retainedFlows);

    public void Retained(long delta) => Interlocked.Add(ref _retainedFlows, delta);

    public void Resent(long count) => _resent.Add(count);

    public void Rejected(RejectionReason reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", MetricLabels.Of(reason)));

    public void Dropped(string reason, long count = 1) => _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Ingested(IngestReceipt receipt, int batchSize, TimeSpan duration)
    {
        _batchSize.Record(batchSize);
        _grainIngestLatency.Record(duration.TotalSeconds);
        if (receipt.Duplicates > 0) _deduplicated.Add(receipt.Duplicates);
        if (receipt.Late > 0) _late.Add(receipt.Late);
        if (receipt.OutOfRange > 0) Dropped(DropReasons.OutOfRange, receipt.OutOfRange);
    }

    /// <summary>Counts a refusal by <paramref name="limit"/> that something else (gRPC itself) has already answered.</summary>
    public void LimitRefused(Limit limit) => _limitRefusals.Add(1, new KeyValuePair<string, object?>("limit", MetricLabels.Of(limit)));

    /// <summary>Counts a collector stream of <paramref name="node"/>, unless the node already has <paramref name="limit"/> open.</summary>
    public bool TryOpenCollectorStream(string node, int limit)
    {
        lock (_connectedNodes)
        {
            var open = _connectedNodes.GetValueOrDefault(node);
            if (open >= limit) return false;
            _connectedNodes[node] = open + 1;
        }

        _collectorStreams.Add(1);
        return true;
    }

    public void CollectorStreamClosed(string node)
    {
        _collectorStreams.Add(-1);
        lock (_connectedNodes)
        {
            if (_connectedNodes.GetValueOrDefault(node) <= 1) _connectedNodes.Remove(node, out _);
            else _connectedNodes[node]--;
        }
    }

    public void LiveStreamOpened(string api) => _liveStreams.Add(1, new KeyValuePair<string, object?>("api", api));

    public void LiveStreamClosed(string api) => _liveStreams.Add(-1, new KeyValuePair<string, object?>("api", api));

    public void ReceiptWritten(TimeSpan latency) => _receiptLatency.Record(latency.TotalSeconds);

    public void Query(string api, string method, TimeSpan duration) => _queryLatency.Record(duration.TotalSeconds,
        new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("method", method));
}
