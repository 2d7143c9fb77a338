namespace FlowGrain.Abstractions.Time;

/// <summary>
/// How long flows are kept beyond the fine windows, and how coarse (configuration section "History"): as fine windows
/// close they are rolled up into windows of <see cref="RollupWindow"/>, kept for <see cref="Retention"/>.
/// </summary>
public sealed class HistoryOptions
{
    public const string SectionName = "History";

    /// <summary>Width of a roll-up window, aligned to multiples of it in Unix time; a multiple of Aggregation:Window.</summary>
    public TimeSpan RollupWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How much history roll-ups keep; at least Aggregation:Retention.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>What is wrong with these settings next to <paramref name="aggregation"/>'s, one line each.</summary>
    public IEnumerable<string> Problems(AggregationOptions aggregation)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        if (aggregation.Window <= TimeSpan.Zero) yield break; // Aggregation's own validation names that
        if (RollupWindow < aggregation.Window || RollupWindow.Ticks % aggregation.Window.Ticks != 0)
            yield return $"History:RollupWindow ({RollupWindow}) must be a positive multiple of Aggregation:Window ({aggregation.Window}).";
        else if (RollupWindow + aggregation.CloseDelay > aggregation.Retention)
            // A roll-up is made when its last fine window closes; its first must not have expired by then.
            yield return $"History:RollupWindow ({RollupWindow}) plus Aggregation:CloseDelay ({aggregation.CloseDelay}) must not exceed Aggregation:Retention ({aggregation.Retention}).";
        else if (Retention < aggregation.Retention || Retention.Ticks % RollupWindow.Ticks != 0)
            yield return $"History:Retention ({Retention}) must be a multiple of History:RollupWindow ({RollupWindow}) and at least Aggregation:Retention ({aggregation.Retention}).";
    }
}
