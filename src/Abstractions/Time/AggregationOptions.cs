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

    /// <summary>Most shards one owner can be split into.</summary>
    public const int MaxShards = 64;

    /// <summary>How many grains each owner's flows are spread over, by hash of the reporting node (1: not split).</summary>
    public int DefaultShards { get; set; } = 1;

    /// <summary>Per namespace, how many grains its flows are spread over, instead of <see cref="DefaultShards"/>.</summary>
    public Dictionary<string, int> Shards { get; set; } = new(StringComparer.Ordinal);

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
        if (DefaultShards is < 1 or > MaxShards)
            yield return new ValidationResult($"Aggregation:DefaultShards must be between 1 and {MaxShards}, got {DefaultShards}.", [nameof(DefaultShards)]);
        foreach (var (ns, shards) in Shards)
        {
            if (shards is < 1 or > MaxShards)
                yield return new ValidationResult($"Aggregation:Shards:{ns} must be between 1 and {MaxShards}, got {shards}.", [nameof(Shards)]);
            if (ns.Length == 0 || ns.Contains('/', StringComparison.Ordinal))
                yield return new ValidationResult($"Aggregation:Shards: '{ns}' is not a namespace.", [nameof(Shards)]);
        }
    }
}
