using FlowGrain.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>The charts and the namespace traffic map draw the demo cluster's real traffic.</summary>
[Collection(SharedGateway.Name)]
public sealed class ChartsAndMapTests(ConsoleFixture fixture)
{
    private static readonly string[] DemoNamespaces = ["frontend", "checkout", "payments", "catalog", "inventory", "shipping"];

    [Fact]
    public async Task The_charts_draw_traffic_over_time_top_talkers_and_policy_hits()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway, "/?range=-900&tab=charts");

        await Expect(page.TestId("chart-flows")).ToContainTextAsync("Denied flows");
        await Expect(page.TestId("chart-flows").Locator("svg").First).ToBeVisibleAsync();
        await page.Page.WaitForFunctionAsync("""
            () => [...document.querySelectorAll('[data-testid=chart-flows] svg text')].some(t => Number(t.textContent) > 0)
            """);
        await Expect(page.TestId("chart-bytes").Locator("svg").First).ToBeVisibleAsync();
        await Expect(page.TestId("chart-talkers").Locator("svg text").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("-(api|worker|cache)$") }).First).ToBeVisibleAsync();
        var talkers = string.Join(" ", await page.TestId("chart-talkers").Locator("svg text").AllTextContentsAsync());
        Assert.Contains(DemoNamespaces, ns => talkers.Contains(ns + "-", StringComparison.Ordinal));
        await Expect(page.TestId("chart-policies")).ToContainTextAsync("security");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task The_traffic_map_shows_namespaces_as_nodes_and_denied_traffic_as_red_edges()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway);
        await page.TestId("tab-map").ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("tab=map"));
        await Expect(page.Page.Locator("[data-testid=map-node][data-name=checkout]")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("[data-testid=map-node][data-name='PUBLIC NETWORK']")).ToBeVisibleAsync();
        var denied = page.Page.Locator("[data-testid=map-edge][data-denied=true]").First;
        await Expect(denied).ToHaveCSSAsync("stroke-dasharray", "7px, 4px");
        Assert.True(await page.Page.Locator("[data-testid=map-edge]").CountAsync() > 5);
        var widths = await page.Page.Locator("[data-testid=map-edge]").EvaluateAllAsync<double[]>("edges => edges.map(e => Number(e.getAttribute('stroke-width')))");
        Assert.True(widths.Max() > widths.Min(), "Edge width follows bytes, so busy and quiet edges differ.");
        Assert.Empty(page.Errors);
    }
}
