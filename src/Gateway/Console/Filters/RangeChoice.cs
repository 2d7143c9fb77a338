namespace FlowGrain.Gateway.Console.Filters;

/// <summary>A time range the range menu offers, as the <c>range</c> (startTimeGte) it puts in the URL.</summary>
public sealed record RangeChoice(long From, string Label)
{
    /// <summary>Marks "a custom range" in the menu: any absolute start; the pickers choose it.</summary>
    public const long Custom = 1;

    public static IReadOnlyList<RangeChoice> Relative { get; } =
    [
        new(-60, "Last minute"),
        new(-300, "Last 5 minutes"),
        new(-900, "Last 15 minutes"),
        new(-1800, "Last 30 minutes"),
        new(-3600, "Last hour"),
        new(-6 * 3600, "Last 6 hours"),
        new(-24 * 3600, "Last 24 hours"),
        new(0, "All kept history"),
    ];

    /// <summary>The menu entry of a range: its preset, or Custom for an absolute start.</summary>
    public static long Of(long from) => from > 0 ? Custom : from;
}
