namespace FlowGrain.Abstractions.Time;

/// <summary>
/// Window arithmetic in Unix seconds: alignment, the accepted range, when a window closes, and where history passes
/// from roll-ups to fine windows.
/// </summary>
public sealed class WindowGrid(AggregationOptions options, HistoryOptions? history = null)
{
    /// <summary>One future window is accepted, for clock skew between nodes and the cluster.</summary>
    public const int FutureWindows = 1;

    public long Width { get; } = (long)options.Window.TotalSeconds;

    public long Retention { get; } = (long)options.Retention.TotalSeconds;

    public long CloseDelay { get; } = (long)Math.Ceiling(options.CloseDelay.TotalSeconds);

    public long DedupHorizon { get; } = (long)options.DedupHorizon.TotalSeconds;

    /// <summary>Width of a roll-up window.</summary>
    public long RollupWidth { get; } = (long)(history ?? new HistoryOptions()).RollupWindow.TotalSeconds;

    /// <summary>How much history roll-ups keep.</summary>
    public long HistoryRetention { get; } = (long)(history ?? new HistoryOptions()).Retention.TotalSeconds;

    /// <summary>Start of the window that contains <paramref name="unixSeconds"/>.</summary>
    public long StartOf(long unixSeconds) => Floor(unixSeconds, Width);

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

    /// <summary>Start of the roll-up window that contains <paramref name="unixSeconds"/>.</summary>
    public long RollupStartOf(long unixSeconds) => Floor(unixSeconds, RollupWidth);

    /// <summary>Start of the oldest roll-up window still kept: the start of everything a query can read.</summary>
    public long OldestHistoryStart(long now) => RollupStartOf(StartOf(now)) - HistoryRetention;

    /// <summary>
    /// Where history passes from roll-ups to fine windows at <paramref name="now"/>: the first roll-up boundary at or
    /// after the oldest fine window kept. Before it, ranges are read from roll-ups (each holds its fine windows, the
    /// expired ones too); from it on, from fine windows; so nothing is read twice.
    /// </summary>
    public long HistorySeam(long now) => RollupStartOf(OldestRetainedStart(now) + RollupWidth - 1);

    /// <summary>The width of the windows that answer for <paramref name="time"/> at <paramref name="now"/>: roll-ups before the seam, fine windows after.</summary>
    public long WidthAt(long time, long now) => time < HistorySeam(now) ? RollupWidth : Width;

    private static long Floor(long seconds, long width) => Math.DivRem(seconds, width) switch
    {
        var (q, r) when r < 0 => (q - 1) * width,
        var (q, _) => q * width,
    };
}
