using Microsoft.Playwright;

namespace FlowGrain.Console.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright (never a downloaded browser), headless, on a laptop-sized viewport.</summary>
public sealed class Chromium : IAsyncDisposable
{
    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        Playwright = playwright;
        Browser = browser;
    }

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            Timeout = 30_000,
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A fresh browser profile (own storage) with a 1366×768 viewport, as on a laptop.</summary>
    public async Task<ConsolePage> OpenAsync(GatewayProcess gateway, string pathAndQuery = "/")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        var page = new ConsolePage(await context.NewPageAsync(), gateway);
        await page.GotoAsync(pathAndQuery);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}
