using FlowGrain.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>History pages through any range that is kept, sorted and paged by the gateway.</summary>
[Collection(SharedGateway.Name)]
public sealed class HistoryTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task History_shows_a_page_of_the_range_sorted_and_paged_by_the_gateway()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway, "/?range=-900&view=history");
        await Expect(page.TestId("history-total")).Not.ToHaveTextAsync("0 matching flows");
        await Expect(page.Rows.First).ToBeVisibleAsync();
        Assert.Equal(50, await page.Rows.CountAsync());
        var pager = page.Page.Locator(".mud-table-pagination-caption").Last;
        await Expect(pager).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1-50 of \d+$"));
        var firstPage = await page.ColumnAsync("Source name");

        await page.Page.GetByLabel("Next page").ClickAsync();
        await Expect(pager).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^51-\d+ of \d+$"));
        await Expect(page.Rows.First).ToBeVisibleAsync();
        Assert.NotEqual(firstPage, await page.ColumnAsync("Source name"));
        await page.Page.GetByLabel("First page").ClickAsync();
        await Expect(pager).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1-50 of \d+$"));

        await page.TestId("history-sort").ClickAsync();
        await page.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Source namespace" }).ClickAsync();

        await page.Page.WaitForFunctionAsync("""
            () => {
                const names = [...document.querySelectorAll("tr.flow-row td[data-label='Source namespace']")].map(td => td.textContent.trim().replace('Global', '-'));
                return names.length === 50 && names[0] === '-' && names.every((n, i) => i === 0 || names[i - 1] <= n);
            }
            """);
    }
}
