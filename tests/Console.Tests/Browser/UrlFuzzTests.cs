using CsCheck;
using FlowGrain.Console.Tests.Infrastructure;
using FlowGrain.Tests.Support.Fuzzing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>
/// Random console URLs in a real browser: every one renders the page (bad parameters are ignored with a note),
/// no script or circuit error is logged, and the console still shows flows afterwards.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class UrlFuzzTests(ConsoleFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Parameters = ["filters", "range", "until", "startTimeGte", "startTimeLt", "view", "tab"];

    [Fact]
    public async Task Random_console_urls_render_the_page_without_errors_and_the_console_keeps_working()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway);
        var loaded = 0;
        await HostileQueries.Parameters(Parameters).SampleAsync(async parameters =>
        {
            var url = "/" + HostileQueries.QueryString(parameters);
            await page.GotoAsync(url);
            Assert.True(page.Errors.Count == 0, $"{url}: {string.Join(" | ", page.Errors)}");
            loaded++;
        }, writeLine: output.WriteLine, time: FuzzBudget.Seconds, threads: 1);

        output.WriteLine($"{loaded} random URLs loaded");
        Assert.True(loaded >= 3, $"the fuzzer loaded pages ({loaded})");
        await page.GotoAsync("/");
        await Expect(page.Rows.First).ToBeVisibleAsync();
        Assert.Empty(page.Errors);
    }
}
