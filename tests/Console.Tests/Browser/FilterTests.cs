using System.Text.RegularExpressions;
using FlowGrain.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>Filters chosen in the page narrow the rows and live in the URL, so a reload or a shared link shows the same.</summary>
[Collection(SharedGateway.Name)]
public sealed class FilterTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Choosing_a_namespace_from_autocomplete_narrows_the_rows_and_the_url_keeps_it_across_a_reload()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway);
        await Expect(page.Cells("Source namespace").Filter(new() { HasNotText = "checkout" }).First).ToBeVisibleAsync();

        await page.TestId("filter-SourceNamespace").ClickAsync();
        await page.TestId("filter-SourceNamespace").PressSequentiallyAsync("check");
        await page.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^checkout$") }).ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(new Regex("filters=.*source_namespaces.*checkout"));
        await Expect(page.TestId("filter-chip")).ToHaveTextAsync("Source namespace: checkout");
        await ExpectOnlyCheckoutRowsAsync(page);

        var url = page.Page.Url;
        await page.Page.ReloadAsync();

        Assert.Equal(url, page.Page.Url);
        await Expect(page.TestId("filter-chip")).ToHaveTextAsync("Source namespace: checkout");
        await ExpectOnlyCheckoutRowsAsync(page);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_filter_url_of_the_http_api_means_the_same_to_the_console()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway,
            ConsolePage.Filtered("""{"actions":["Deny"],"reporter":"Src","protocols":[{"value":"tcp"}],"dest_ports":[{"value":443}]}"""));

        await Expect(page.Rows.First).ToBeVisibleAsync();
        Assert.All(await page.ColumnAsync("Action"), action => Assert.Equal("Deny", action));
        Assert.All(await page.ColumnAsync("Reporter"), reporter => Assert.Equal("Src", reporter));
        Assert.All(await page.ColumnAsync("Port"), port => Assert.Equal("443", port));
        await Expect(page.TestId("filter-port")).ToHaveValueAsync("443");
    }

    private static async Task ExpectOnlyCheckoutRowsAsync(ConsolePage page)
    {
        await Expect(page.Cells("Source namespace").First).ToHaveTextAsync("checkout");
        await Expect(page.Cells("Source namespace").Filter(new LocatorFilterOptions { HasNotText = "checkout" })).ToHaveCountAsync(0);
    }
}
