using FlowGrain.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>Pausing freezes the table; resuming reads what was reported meanwhile, without waiting for the feed to repeat it.</summary>
[Collection(SharedGateway.Name)]
public sealed class PauseResumeTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Pause_stops_new_rows_and_resume_backfills_what_was_reported_while_paused()
    {
        var run = FlowGenRuns.NewTag("pz");
        var url = ConsolePage.Filtered(ConsolePage.SourceNamespaceContains(run));
        await using var live = await fixture.Chromium.OpenAsync(fixture.Gateway, url);
        await using var paused = await fixture.Chromium.OpenAsync(fixture.Gateway, url);
        await Expect(live.TestId("live-state")).ToHaveAttributeAsync("data-state", "Live");
        await Expect(paused.TestId("live-state")).ToHaveAttributeAsync("data-state", "Live");

        await FlowGenRuns.ReportOnceAsync(fixture.Gateway, run + "a");
        await Expect(live.Rows.First).ToBeVisibleAsync();
        await Expect(paused.Rows.First).ToBeVisibleAsync();
        await paused.TestId("pause").ClickAsync();
        await Expect(paused.TestId("live-state")).ToHaveAttributeAsync("data-state", "Paused");
        var rowsWhenPaused = await paused.Rows.CountAsync();

        await FlowGenRuns.ReportOnceAsync(fixture.Gateway, run + "b");
        var second = live.Cells("Source namespace").Filter(new() { HasText = run + "b-" });
        await Expect(second.First).ToBeVisibleAsync();
        // The live page proves the feed delivered the new rows; a table that still followed it would show them within one render.
        await paused.Page.WaitForTimeoutAsync(1000);
        await Expect(paused.Cells("Source namespace").Filter(new() { HasText = run + "b-" })).ToHaveCountAsync(0);
        Assert.Equal(rowsWhenPaused, await paused.Rows.CountAsync());

        await paused.TestId("resume").ClickAsync();
        // The feed repeats these rows only when their window closes (20 s and more from now): appearing sooner is the backfill.
        await Expect(paused.Cells("Source namespace").Filter(new() { HasText = run + "b-" }).First).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(paused.TestId("live-state")).ToHaveAttributeAsync("data-state", "Live");
        await Expect(paused.Rows).ToHaveCountAsync(await live.Rows.CountAsync());
    }
}
