using System.Globalization;
using System.Text.RegularExpressions;
using FlowGrain.Abstractions.Time;
using FlowGrain.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>The charts and the namespace traffic map draw the demo cluster's real traffic.</summary>
[Collection(SharedGateway.Name)]
public sealed partial class ChartsAndMapTests(ConsoleFixture fixture)
{
    private const string DeniedFilter = """{"actions":["Deny"]}""";
    private static readonly string[] DemoNamespaces = ["frontend", "checkout", "payments", "catalog", "inventory", "shipping"];
    private static readonly WindowGrid Grid = new(new AggregationOptions());

    [Fact]
    public async Task The_charts_draw_traffic_over_time_top_talkers_and_policy_hits()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway, "/?range=-900&tab=charts");

        // Unfiltered, the busiest policies pass and allow (security.baseline, profiles); denying ones rank lower.
        foreach (var (chart, series) in new[]
        {
            ("chart-flows", "Flows"), ("chart-flows", "Denied flows"), ("chart-bytes", "Bytes"),
            ("chart-talkers", "Bytes"), ("chart-policies", "Allowed"), ("chart-policies", "Passed"),
        })
        {
            await Expect(page.ChartSeries(chart, series)).ToHaveAttributeAsync("value", NonZero());
        }

        foreach (var chart in new[] { "chart-flows", "chart-bytes", "chart-talkers", "chart-policies" })
        {
            await Expect(page.TestId(chart).Locator("svg").First).ToBeVisibleAsync();
        }

        // A point per 15 s of the last 15 minutes; 61 when the range starts inside a window.
        Assert.InRange(await PointsAsync(page, "chart-flows", "Flows"), 60, 61);
        Assert.InRange(await PointsAsync(page, "chart-bytes", "Bytes"), 60, 61);
        Assert.InRange(await PointsAsync(page, "chart-talkers", "Bytes"), 1, 8);
        await Expect(page.TestId("chart-flows")).ToContainTextAsync("Denied flows");
        await Expect(page.TestId("chart-talkers").Locator("svg text").Filter(new() { HasTextRegex = new Regex("-(api|worker|cache)$") }).First).ToBeVisibleAsync();
        var talkers = string.Join(" ", await page.TestId("chart-talkers").Locator("svg text").AllTextContentsAsync());
        Assert.Contains(DemoNamespaces, ns => talkers.Contains(ns + "-", StringComparison.Ordinal));
        await Expect(page.TestId("chart-policies")).ToContainTextAsync("security");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_policy_chart_draws_the_denying_policies_the_policy_filter_selects()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway, ConsolePage.Filtered("""{"policies":[{"action":"Deny"}]}""", "&tab=charts"));

        await Expect(page.ChartSeries("chart-policies", "Denied")).ToHaveAttributeAsync("value", NonZero());
        await Expect(page.ChartSeries("chart-policies", "Allowed")).ToHaveAttributeAsync("value", "0");
        await Expect(page.TestId("chart-policies")).ToContainTextAsync("security.deny-int");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_flows_chart_counts_the_flows_the_http_api_lists_for_each_window_of_a_closed_range()
    {
        var (from, until) = await ClosedRangeWithTrafficAsync(windows: 4);
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway,
            string.Create(CultureInfo.InvariantCulture, $"/?range={from}&until={until}&view=history&tab=charts"));

        // The chart counts one flow per key and window (its points are 15 s apart here); the API lists per key over its range.
        long flows = 0, denied = 0;
        for (var window = from; window < until; window += Grid.Width)
        {
            flows += await FlowsApi.CountAsync(fixture.Gateway, window, window + Grid.Width);
            denied += await FlowsApi.CountAsync(fixture.Gateway, window, window + Grid.Width, DeniedFilter);
        }

        await Expect(page.ChartSeries("chart-flows", "Flows")).ToHaveAttributeAsync("value", flows.ToString(CultureInfo.InvariantCulture));
        await Expect(page.ChartSeries("chart-flows", "Denied flows")).ToHaveAttributeAsync("value", denied.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(4, await PointsAsync(page, "chart-flows", "Flows"));
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Choosing_the_last_24_hours_draws_the_charts_in_buckets_of_whole_roll_ups()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway, "/?range=-900&tab=charts");
        await Expect(page.ChartSeries("chart-flows", "Flows")).ToHaveAttributeAsync("value", NonZero());

        await page.TestId("filter-range").ClickAsync();
        await page.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Last 24 hours" }).ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(new Regex("range=-86400"));
        // A day is answered mostly by 5-minute roll-ups: 25-minute buckets (whole roll-ups), 58 or 59 points, not 5,760.
        await Expect(page.ChartSeries("chart-flows", "Flows")).ToHaveAttributeAsync("data-points", new Regex("^5[89]$"));
        await Expect(page.ChartSeries("chart-flows", "Flows")).ToHaveAttributeAsync("value", NonZero());
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_traffic_map_shows_namespaces_as_nodes_and_denied_traffic_as_red_edges()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway);
        await page.TestId("tab-map").ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(new Regex("tab=map"));
        await Expect(page.Page.Locator("[data-testid=map-node][data-name=checkout]")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("[data-testid=map-node][data-name='PUBLIC NETWORK']")).ToBeVisibleAsync();
        var denied = page.Page.Locator("[data-testid=map-edge][data-denied=true]").First;
        await Expect(denied).ToHaveCSSAsync("stroke-dasharray", "7px, 4px");
        Assert.True(await page.Page.Locator("[data-testid=map-edge]").CountAsync() > 5);
        var widths = await page.Page.Locator("[data-testid=map-edge]").EvaluateAllAsync<double[]>("edges => edges.map(e => Number(e.getAttribute('stroke-width')))");
        Assert.True(widths.Max() > widths.Min(), "Edge width follows bytes, so busy and quiet edges differ.");
        Assert.Empty(page.Errors);
    }

    private static async Task<int> PointsAsync(ConsolePage page, string chart, string series) =>
        int.Parse(await page.ChartSeries(chart, series).GetAttributeAsync("data-points") ?? "", CultureInfo.InvariantCulture);

    /// <summary>
    /// The newest windows that have closed (final, so the chart and the API count the same rows), the last two with demo
    /// traffic (so flows recur across windows) and the last with denied flows; right after the gateway started that
    /// takes until two windows of its traffic have closed, about 50 s.
    /// </summary>
    private async Task<(long From, long Until)> ClosedRangeWithTrafficAsync(int windows)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var until = Grid.NewestClosedStart(DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + Grid.Width;
            var from = until - (windows * Grid.Width);
            var newest = until - Grid.Width;
            if (await FlowsApi.CountAsync(fixture.Gateway, newest, until, DeniedFilter) > 0
                && await FlowsApi.CountAsync(fixture.Gateway, newest - Grid.Width, newest) > 0)
            {
                return (from, until);
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No closed window with demo traffic within 90 s. Output:\n{fixture.Gateway.Output}");

            // Windows close with the clock; there is nothing to await but time.
            await Task.Delay(1000);
        }
    }

    // A positive number as the page writes it: invariant, at most two decimals.
    [GeneratedRegex(@"^(?:[1-9][0-9]*(?:\.[0-9]+)?|0\.[0-9]*[1-9][0-9]*)$")]
    private static partial Regex NonZero();
}
