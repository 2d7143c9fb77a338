using System.Text.RegularExpressions;
using FlowGrain.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>The column chooser: Calico's columns by default, FlowGrain's extra ones on demand.</summary>
[Collection(SharedGateway.Name)]
public sealed class ColumnsTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task The_column_chooser_shows_a_hidden_column_and_hides_a_shown_one()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway);
        await Expect(page.Rows.First).ToBeVisibleAsync();
        await Expect(page.Cells("Service")).ToHaveCountAsync(0);
        await Expect(page.Cells("End time").First).ToBeVisibleAsync();

        await page.TestId("columns-button").ClickAsync();
        var panel = page.Page.Locator(".mud-data-grid-columns-panel");
        await panel.GetByRole(AriaRole.Switch, new() { Name = "Service", Exact = true }).ClickAsync();
        await panel.GetByRole(AriaRole.Switch, new() { Name = "End time", Exact = true }).ClickAsync();

        await Expect(page.Cells("Service").First).ToBeAttachedAsync();
        await Expect(page.Cells("Service").Filter(new() { HasTextRegex = new Regex("^.+/.+:.+$") }).First).ToBeAttachedAsync();
        await Expect(page.Cells("End time")).ToHaveCountAsync(0);
    }
}
