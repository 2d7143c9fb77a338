namespace FlowGrain.Abstractions.Time;

/// <summary>Window arithmetic in Unix seconds: alignment, the accepted range and when a window closes.</summary>
public sealed class WindowGrid(AggregationOptions options)
{
    /// <summary>One future window is accepted, for clock skew between nodes and the cluster.</summary>
    public const int FutureWindows = 1;

    public long Width { get; } = (long)options.Window.TotalSeconds;

    public long Retention { get; } = (long)options.Retention.TotalSeconds;

    public long CloseDelay { get; } = (long)Math.Ceiling(options.CloseDelay.TotalSeconds);

    public long DedupHorizon { get; } = (long)options.DedupHorizon.TotalSeconds;

    /// <summary>Start of the window that contains <paramref name="unixSeconds"/>.</summary>
    public long StartOf(long unixSeconds) => Math.DivRem(unixSeconds, Width) switch
    {
        var (q, r) when r < 0 => (q - 1) * Width,
        var (q, _) => q * Width,
    };

    /// <summary>Start of the oldest window still kept.</summary>
    public long OldestRetainedStart(long now) => StartOf(now) - Retention;

    /// <summary>End (exclusive) of the newest window that accepts reports: the filling one plus the future ones.</summary>
    public long AcceptedEnd(long now) => StartOf(now) + (FutureWindows + 1) * Width;

    /// <summary>Whether a report that started at <paramref name="startTime"/> falls inside the kept range.</summary>
    public bool Accepts(long startTime, long now) => startTime >= OldestRetainedStart(now) && startTime < AcceptedEnd(now);

    /// <summary>Whether the window starting at <paramref name="windowStart"/> has closed: its numbers are final.</summary>
    public bool IsClosed(long windowStart, long now) => windowStart + Width + CloseDelay <= now;

    /// <summary>Start of the newest closed window at <paramref name="now"/>.</summary>
    public long NewestClosedStart(long now) => StartOf(now - Width - CloseDelay);
}
