namespace FlowGrain.Abstractions.Statistics;

/// <summary>Counts by the hit's action and by direction (in / out) for one window, or summed over a range.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.StatisticsPoint")]
public readonly record struct StatisticsPoint(
    [property: Id(0)] long AllowedIn,
    [property: Id(1)] long AllowedOut,
    [property: Id(2)] long DeniedIn,
    [property: Id(3)] long DeniedOut,
    [property: Id(4)] long PassedIn,
    [property: Id(5)] long PassedOut)
{
    public static StatisticsPoint operator +(StatisticsPoint a, StatisticsPoint b) => new(
        a.AllowedIn + b.AllowedIn, a.AllowedOut + b.AllowedOut,
        a.DeniedIn + b.DeniedIn, a.DeniedOut + b.DeniedOut,
        a.PassedIn + b.PassedIn, a.PassedOut + b.PassedOut);

    public static StatisticsPoint Add(StatisticsPoint a, StatisticsPoint b) => a + b;
}
