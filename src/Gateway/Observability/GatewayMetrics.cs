using System.Diagnostics.Metrics;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Collector;

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
    private readonly UpDownCounter<long> _queryStreams;
    private readonly Histogram<double> _receiptLatency;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _grainIngestLatency;
    private readonly Histogram<double> _queryLatency;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("flowgrain_flows_received", "{flow}", "Flows read from collector streams.");
        _rejected = meter.CreateCounter<long>("flowgrain_flows_rejected", "{flow}", "Flows refused as invalid, by reason.");
        _dropped = meter.CreateCounter<long>("flowgrain_flows_dropped", "{flow}", "Valid flows not aggregated, by reason (out_of_range, backpressure).");
        _deduplicated = meter.CreateCounter<long>("flowgrain_flows_deduplicated", "{flow}", "Replayed flows recognised and not counted again.");
        _late = meter.CreateCounter<long>("flowgrain_flows_late", "{flow}", "Flows added to a window after it closed.");
        _collectorStreams = meter.CreateUpDownCounter<long>("flowgrain_collector_streams", "{stream}", "Connected collector streams.");
        _queryStreams = meter.CreateUpDownCounter<long>("flowgrain_query_streams", "{stream}", "Open Flows.Stream calls.");
        _receiptLatency = meter.CreateHistogram<double>("flowgrain_receipt_latency", "s", "Time from reading a flow update to writing its receipt.");
        _batchSize = meter.CreateHistogram<long>("flowgrain_ingest_batch_size", "{flow}", "Flows per batch sent to an owner grain.");
        _grainIngestLatency = meter.CreateHistogram<double>("flowgrain_grain_ingest_latency", "s", "Duration of one owner grain ingest call.");
        _queryLatency = meter.CreateHistogram<double>("flowgrain_query_latency", "s", "Duration of a query, by API and method.");
    }

    public void Received() => _received.Add(1);

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

    public void CollectorStreamOpened() => _collectorStreams.Add(1);

    public void CollectorStreamClosed() => _collectorStreams.Add(-1);

    public void QueryStreamOpened() => _queryStreams.Add(1);

    public void QueryStreamClosed() => _queryStreams.Add(-1);

    public void ReceiptWritten(TimeSpan latency) => _receiptLatency.Record(latency.TotalSeconds);

    public void Query(string api, string method, TimeSpan duration) => _queryLatency.Record(duration.TotalSeconds,
        new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("method", method));
}
