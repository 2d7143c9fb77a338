using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Gateway.Collector;

/// <summary>How the collector batches flows for owner grains and when it pushes back (configuration section "Collector").</summary>
public sealed class CollectorOptions
{
    public const string SectionName = "Collector";

    /// <summary>Flows buffered per owner before receipts slow down (backpressure).</summary>
    [Range(100, 10_000_000)]
    public int OwnerQueueCapacity { get; set; } = 20_000;

    /// <summary>Most flows sent to an owner grain in one call.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 2_000;

    /// <summary>Collector streams one node identity may hold open at once (Felix holds one; a reconnect may overlap the old one briefly).</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerNode { get; set; } = 4;

    /// <summary>How long a receipt may wait for room in a full owner queue before the flow is dropped (and counted); 0 drops at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BackpressureTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
