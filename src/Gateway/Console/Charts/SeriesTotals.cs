using System.Globalization;
using MudBlazor;

namespace FlowGrain.Gateway.Console.Charts;

/// <summary>What one chart series draws, as numbers: how many points and their sum.</summary>
public sealed record SeriesTotals(string Name, int Points, double Total)
{
    /// <summary>The total as the page carries it: invariant, at most two decimals (scaled bytes are rounded to two).</summary>
    public string TotalText => Total.ToString("0.##", CultureInfo.InvariantCulture);

    public static IEnumerable<SeriesTotals> Of(IEnumerable<ChartSeries<double>> series) =>
        series.Select(s => new SeriesTotals(s.Name, s.Data.Count, s.Data.Values.Sum()));
}
