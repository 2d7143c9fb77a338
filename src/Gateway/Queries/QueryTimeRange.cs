using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Time;

namespace FlowGrain.Gateway.Queries;

/// <summary>
/// Calico's time-range rules: 0 means "oldest kept" (from: the oldest roll-up of the history) or "now" (until);
/// negative values are relative to now.
/// </summary>
public static class QueryTimeRange
{
    public static TimeRange Resolve(long startTimeGte, long startTimeLt, long now, WindowGrid grid)
    {
        var from = startTimeGte switch
        {
            0 => grid.OldestHistoryStart(now),
            < 0 => now + startTimeGte,
            _ => startTimeGte,
        };
        var until = startTimeLt switch
        {
            0 => now,
            < 0 => now + startTimeLt,
            _ => startTimeLt,
        };

        return from < until
            ? new TimeRange(from, until)
            : throw new InvalidQueryException(
                $"start_time_gte ({from}) must be before start_time_lt ({until}) once relative times are resolved against now ({now}).");
    }

    /// <summary>Where a stream's backfill starts: null for 0 (live only), else absolute or relative to now.</summary>
    public static long? StreamStart(long startTimeGte, long now) => startTimeGte switch
    {
        0 => null,
        < 0 => now + startTimeGte,
        _ => startTimeGte,
    };
}
