using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Abstractions.Time;

/// <summary>How flows are cut into windows and how long they are kept (configuration section "Aggregation").</summary>
public sealed class AggregationOptions : IValidatableObject
{
    public const string SectionName = "Aggregation";

    /// <summary>Width of one aggregation window, aligned to multiples of it in Unix time.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How much closed history each owner keeps.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after its end a window still takes reports before it closes (a node reports an interval at its end).</summary>
    public TimeSpan CloseDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long per-node dedup claims are kept; must cover the 5 minutes a node replays after reconnecting.</summary>
    public TimeSpan DedupHorizon { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often owners publish provisional (still filling) rows to the live feed.</summary>
    public TimeSpan ProvisionalInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Window < TimeSpan.FromSeconds(1) || Window.Ticks % TimeSpan.TicksPerSecond != 0)
            yield return new ValidationResult("Aggregation:Window must be a whole number of seconds, at least 1 s.", [nameof(Window)]);
        else if (Retention < Window || Retention.Ticks % Window.Ticks != 0)
            yield return new ValidationResult("Aggregation:Retention must be a positive multiple of Aggregation:Window.", [nameof(Retention)]);
        if (CloseDelay < TimeSpan.Zero || CloseDelay > Retention)
            yield return new ValidationResult("Aggregation:CloseDelay must be between 0 and Aggregation:Retention.", [nameof(CloseDelay)]);
        if (DedupHorizon < TimeSpan.FromMinutes(5))
            yield return new ValidationResult("Aggregation:DedupHorizon must be at least 5 minutes: nodes replay 5 minutes after reconnecting.", [nameof(DedupHorizon)]);
        if (ProvisionalInterval < TimeSpan.FromMilliseconds(100))
            yield return new ValidationResult("Aggregation:ProvisionalInterval must be at least 100 ms.", [nameof(ProvisionalInterval)]);
    }
}
