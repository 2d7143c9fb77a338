using FlowGrain.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>Light and dark themes; the choice is remembered by the browser.</summary>
[Collection(SharedGateway.Name)]
public sealed class ThemeTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task The_theme_toggle_switches_light_and_dark_and_a_reload_keeps_the_choice()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway);
        var background = () => page.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await Expect(page.TestId("theme-toggle")).ToHaveAttributeAsync("aria-label", "Switch to dark theme");
        var light = await background();

        await page.TestId("theme-toggle").ClickAsync();
        await Expect(page.TestId("theme-toggle")).ToHaveAttributeAsync("aria-label", "Switch to light theme");
        await page.Page.WaitForFunctionAsync("light => getComputedStyle(document.body).backgroundColor !== light", light);
        var dark = await background();

        await page.Page.ReloadAsync();
        await Expect(page.TestId("theme-toggle")).ToHaveAttributeAsync("aria-label", "Switch to light theme");
        await page.Page.WaitForFunctionAsync("dark => getComputedStyle(document.body).backgroundColor === dark", dark);
        Assert.NotEqual(light, await background());
    }
}
