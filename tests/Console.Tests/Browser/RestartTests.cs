using FlowGrain.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>A gateway restart: the page shows that it lost the connection, then comes back by itself with its filters.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task After_a_gateway_restart_the_page_reconnects_by_itself_with_its_filters()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        await using var page = await chromium.OpenAsync(gateway, ConsolePage.Filtered("""{"source_namespaces":[{"value":"checkout"}]}"""));
        await Expect(page.Cells("Source namespace").First).ToHaveTextAsync("checkout");
        var url = page.Page.Url;
        await page.Page.EvaluateAsync("() => window.beforeRestart = true");
        var status = page.TestId("connection-status");
        await Expect(status).ToBeHiddenAsync();

        gateway.Kill();
        await Expect(status).ToBeVisibleAsync();
        await Expect(status).ToContainTextAsync("reconnecting");

        await gateway.StartAgainAsync();
        // Nobody reloads: the page finds the new gateway, which no longer knows its circuit, and reloads itself.
        await page.Page.WaitForFunctionAsync("() => window.beforeRestart === undefined && document.querySelector('[data-testid=toolbar]') !== null",
            null, new() { Timeout = 60_000 });
        Assert.Equal(url, page.Page.Url);
        await Expect(page.TestId("filter-chip")).ToHaveTextAsync("Source namespace: checkout");
        await Expect(page.Cells("Source namespace").First).ToHaveTextAsync("checkout", new() { Timeout = 30_000 });
        await Expect(page.Cells("Source namespace").Filter(new() { HasNotText = "checkout" })).ToHaveCountAsync(0);
        await Expect(status).ToBeHiddenAsync();
    }
}
