using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace FlowGrain.Grains.Metrics;

/// <summary>
/// Exact traffic totals of the flows this process's owner grains counted (meter "FlowGrain.Traffic"). Each flow is
/// counted once, by the silo whose grain aggregated it, so sums across every silo are the cluster's totals.
/// </summary>
public sealed class TrafficMetrics
{
    public const string MeterName = "FlowGrain.Traffic";

    private readonly MetricsOptions _options;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _packets;
    private readonly Counter<long> _connections;
    private readonly Counter<long> _flows;
    private readonly Counter<long> _policyHits;
    private readonly Counter<long> _folded;
    private readonly Counter<long> _ownerFlows;
    private readonly SeriesLimiter _ownerSeries;
    private readonly SeriesLimiter _trafficSeries;
    private readonly SeriesLimiter _policySeries;

    public TrafficMetrics(IMeterFactory meterFactory, IOptions<MetricsOptions> options)
    {
        _options = options.Value;
        var meter = meterFactory.Create(MeterName);
        _bytes = meter.CreateCounter<long>("flowgrain_traffic_bytes", "{byte}", "Bytes of counted flows, by direction as seen by the reporter.");
        _packets = meter.CreateCounter<long>("flowgrain_traffic_packets", "{packet}", "Packets of counted flows, by direction as seen by the reporter.");
        _connections = meter.CreateCounter<long>("flowgrain_traffic_connections", "{connection}", "Connections started in counted flows.");
        _flows = meter.CreateCounter<long>("flowgrain_traffic_flows", "{flow}", "Counted flow reports (after deduplication).");
        _policyHits = meter.CreateCounter<long>("flowgrain_policy_hits", "{hit}", "Policy hits of counted flows, enforced and pending.");
        _folded = meter.CreateCounter<long>("flowgrain_metrics_folded", "{update}", "Updates recorded under \"other\" labels because a metric reached Metrics:MaxSeriesPerMetric.");
        _ownerFlows = meter.CreateCounter<long>("flowgrain_owner_flows", "{flow}",
            "Counted flow reports per owner namespace (after deduplication), its shards together: its rate shows the hot owners.");
        _ownerSeries = new SeriesLimiter(_options.MaxSeriesPerMetric, new HashSet<string>());
        _trafficSeries = new SeriesLimiter(_options.MaxSeriesPerMetric, TrafficLabel.Bounded);
        _policySeries = new SeriesLimiter(_options.MaxSeriesPerMetric, PolicyLabel.Bounded);
    }

    public TrafficTally NewTally() => new(_options);

    /// <summary>Counts what an owner (or one of its shards) took in one batch, under the owner's namespace.</summary>
    public void RecordOwner(string ns, long flows)
    {
        if (flows == 0) return;
        var (labels, folded) = _ownerSeries.Admit([new KeyValuePair<string, object?>("owner", ns)]);
        if (folded) _folded.Add(1, new KeyValuePair<string, object?>("metric", "flowgrain_owner_flows"));
        _ownerFlows.Add(flows, labels);
    }

    public void Record(TrafficTally tally)
    {
        foreach (var (values, sums) in tally.Traffic)
        {
            var (labels, folded) = _trafficSeries.Admit(Tags(_options.TrafficLabels, values));
            if (folded) _folded.Add(1, new KeyValuePair<string, object?>("metric", "flowgrain_traffic"));
            _bytes.Add(sums.BytesIn, [.. labels, new("direction", "in")]);
            _bytes.Add(sums.BytesOut, [.. labels, new("direction", "out")]);
            _packets.Add(sums.PacketsIn, [.. labels, new("direction", "in")]);
            _packets.Add(sums.PacketsOut, [.. labels, new("direction", "out")]);
            _connections.Add(sums.Connections, labels);
            _flows.Add(sums.Flows, labels);
        }

        foreach (var (values, hits) in tally.PolicyHits)
        {
            var (labels, folded) = _policySeries.Admit(Tags(_options.PolicyLabels, values));
            if (folded) _folded.Add(1, new KeyValuePair<string, object?>("metric", "flowgrain_policy_hits"));
            _policyHits.Add(hits, labels);
        }
    }

    private static KeyValuePair<string, object?>[] Tags(List<string> names, string[] values) =>
        [.. names.Select((name, i) => new KeyValuePair<string, object?>(name, values[i]))];
}
