using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FlowGrain.Grains.Metrics;

/// <summary>The silo's own instruments (meter "FlowGrain.Grains"): active owners, unique keys, window close time.</summary>
public sealed class GrainMetrics
{
    public const string MeterName = "FlowGrain.Grains";

    private readonly ConcurrentDictionary<string, int> _uniqueKeysByOwner = new(StringComparer.Ordinal);
    private readonly Histogram<double> _closeDuration;
    private readonly Histogram<double> _checkpointDuration;
    private readonly Counter<long> _checkpointBytes;
    private readonly Counter<long> _checkpointFailures;
    private readonly Histogram<double> _restoreDuration;

    public GrainMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("flowgrain_active_owners", () => _uniqueKeysByOwner.Count, "{owner}",
            "Owner namespaces with an active grain in this silo.");
        meter.CreateObservableGauge("flowgrain_unique_keys", () => _uniqueKeysByOwner.Values.Sum(), "{key}",
            "Distinct flow keys held by this silo's owners across their kept windows (refreshed every 10 s).");
        _closeDuration = meter.CreateHistogram("flowgrain_window_close_duration", "s",
            "Time an owner took to close its due windows and hand them to the live feed.", tags: null, advice: Buckets.Seconds);
        _checkpointDuration = meter.CreateHistogram("flowgrain_checkpoint_duration", "s",
            "Time an owner took to write one checkpoint (deltas, closed windows, expiries) to window storage.", tags: null, advice: Buckets.Seconds);
        _checkpointBytes = meter.CreateCounter<long>("flowgrain_checkpoint_bytes", "By",
            "Bytes of window blocks written to window storage.");
        _checkpointFailures = meter.CreateCounter<long>("flowgrain_checkpoint_failures", "{checkpoint}",
            "Checkpoints that window storage did not take; they are written again with the next one.");
        _restoreDuration = meter.CreateHistogram("flowgrain_owner_restore_duration", "s",
            "Time an owner took to load its windows from storage when it activated.", tags: null, advice: Buckets.Seconds);
    }

    public void Checkpointed(TimeSpan duration, long bytes)
    {
        _checkpointDuration.Record(duration.TotalSeconds);
        _checkpointBytes.Add(bytes);
    }

    public void CheckpointFailed() => _checkpointFailures.Add(1);

    public void Restored(TimeSpan duration) => _restoreDuration.Record(duration.TotalSeconds);

    public void OwnerActive(string owner, int uniqueKeys) => _uniqueKeysByOwner[owner] = uniqueKeys;

    public void OwnerInactive(string owner) => _uniqueKeysByOwner.TryRemove(owner, out _);

    public void WindowsClosed(TimeSpan duration) => _closeDuration.Record(duration.TotalSeconds);
}
