using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Gateway.Console;

/// <summary>Settings of the web console (configuration section "Console").</summary>
public sealed class ConsoleOptions : IValidatableObject
{
    public const string SectionName = "Console";

    /// <summary>Rows the live table keeps per viewer (one per flow and window); the oldest windows are dropped first.</summary>
    [Range(100, 1_000_000)]
    public int MaxRows { get; set; } = 20_000;

    /// <summary>How often a live table re-renders at most; updates in between are merged into the next render.</summary>
    public TimeSpan RenderInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the charts and the traffic map reload while they show a range that ends now.</summary>
    public TimeSpan ChartRefresh { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most rows the charts and the map read for one range; beyond, they say that they show a part.</summary>
    [Range(1_000, 10_000_000)]
    public int ChartRowLimit { get; set; } = 200_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RenderInterval < TimeSpan.FromMilliseconds(50) || RenderInterval > TimeSpan.FromSeconds(5))
            yield return new ValidationResult("Console:RenderInterval must be between 00:00:00.05 and 00:00:05.", [nameof(RenderInterval)]);
        if (ChartRefresh < TimeSpan.FromSeconds(1))
            yield return new ValidationResult("Console:ChartRefresh must be at least 1 second.", [nameof(ChartRefresh)]);
    }
}
