using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FlowGrain.Grains.Metrics;

/// <summary>The silo's own instruments (meter "FlowGrain.Grains"): active owners, unique keys, window close time.</summary>
public sealed class GrainMetrics
{
    public const string MeterName = "FlowGrain.Grains";

    private readonly ConcurrentDictionary<string, int> _uniqueKeysByOwner = new(StringComparer.Ordinal);
    private readonly Histogram<double> _closeDuration;

    public GrainMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("flowgrain_active_owners", () => _uniqueKeysByOwner.Count, "{owner}",
            "Owner namespaces with an active grain in this silo.");
        meter.CreateObservableGauge("flowgrain_unique_keys", () => _uniqueKeysByOwner.Values.Sum(), "{key}",
            "Distinct flow keys held by this silo's owners across their kept windows (refreshed every 10 s).");
        _closeDuration = meter.CreateHistogram("flowgrain_window_close_duration", "s",
            "Time an owner took to close its due windows and hand them to the live feed.", tags: null, advice: Buckets.Seconds);
    }

    public void OwnerActive(string owner, int uniqueKeys) => _uniqueKeysByOwner[owner] = uniqueKeys;

    public void OwnerInactive(string owner) => _uniqueKeysByOwner.TryRemove(owner, out _);

    public void WindowsClosed(TimeSpan duration) => _closeDuration.Record(duration.TotalSeconds);
}
