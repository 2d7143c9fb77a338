using FlowGrain.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>History pages through any range that is kept, sorted and paged by the gateway.</summary>
[Collection(SharedGateway.Name)]
public sealed class HistoryTests(ConsoleFixture fixture)
{
    /// <summary>The visible rows' text, to tell one page from another.</summary>
    private const string RowsText = "() => [...document.querySelectorAll('tr.flow-row')].map(row => row.innerText).join('\\n')";

    [Fact]
    public async Task History_shows_a_page_of_the_range_sorted_and_paged_by_the_gateway()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway, "/?range=-900&view=history");
        await RefreshUntilAWindowHasClosedAsync(page);
        await Expect(page.TestId("history-until")).ToContainTextAsync("newer flows are on Live");
        await Expect(page.Rows.First).ToBeVisibleAsync();
        Assert.Equal(50, await page.Rows.CountAsync());
        var pager = page.Page.Locator(".mud-table-pagination-caption").Last;
        await Expect(pager).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1-50 of \d+$"));
        var firstPage = await page.Page.EvaluateAsync<string>(RowsText);

        // The pager's caption changes as soon as it is clicked; the rows only when the gateway has answered.
        await page.Page.GetByLabel("Next page").ClickAsync();
        await Expect(pager).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^51-\d+ of \d+$"));
        await page.Page.WaitForFunctionAsync($"previous => ({RowsText})() !== previous", firstPage);
        Assert.True(await page.Rows.CountAsync() > 0);
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

    /// <summary>History ends at the newest closed window: on a gateway that just started, refresh until one has.</summary>
    private static async Task RefreshUntilAWindowHasClosedAsync(ConsolePage page)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (await page.TestId("history-total").TextContentAsync() is "0 matching flows" or null)
        {
            Assert.True(DateTime.UtcNow < deadline, "No closed window with flows after 90 s.");
            await Task.Delay(1000);
            await page.TestId("history-refresh").ClickAsync();
        }
    }
}
