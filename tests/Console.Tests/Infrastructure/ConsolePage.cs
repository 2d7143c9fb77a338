using Microsoft.Playwright;

namespace FlowGrain.Console.Tests.Infrastructure;

/// <summary>The console in one browser profile: the page, what it logged as errors, and the parts tests look at.</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    public ConsolePage(IPage page, GatewayProcess gateway)
    {
        Page = page;
        Gateway = gateway;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (_errors) _errors.Add(message.Text);
        };
        page.PageError += (_, error) =>
        {
            lock (_errors) _errors.Add(error);
        };
    }

    public IPage Page { get; }

    public GatewayProcess Gateway { get; }

    /// <summary>Errors the page logged to the browser console, and uncaught script errors.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors) return [.. _errors];
        }
    }

    /// <summary>The rows of the flow table that are in the document (the live table renders the ones in view).</summary>
    public ILocator Rows => Page.Locator("tr.flow-row");

    public ILocator TestId(string id) => Page.GetByTestId(id);

    /// <summary>
    /// What one series of a chart draws, beside the drawing: the element's <c>value</c> is the series' total and
    /// <c>data-points</c> its number of points. Series are found by the start of their name ("Bytes" for "Bytes (KiB)").
    /// </summary>
    public ILocator ChartSeries(string chartTestId, string seriesName) =>
        TestId(chartTestId).Locator($"data[data-series^='{seriesName}']");

    /// <summary>One column's cells of every row in the document, by the column's title.</summary>
    public ILocator Cells(string column) => Page.Locator($"tr.flow-row td[data-label='{column}']");

    public async Task<IReadOnlyList<string>> ColumnAsync(string column) =>
        [.. (await Cells(column).AllTextContentsAsync()).Select(text => text.Trim())];

    /// <summary>
    /// Opens the first row's details and waits for them. A click that lands while the live table re-renders can hit
    /// a button whose handler the render just replaced, and Blazor drops it; the row then still offers "Expand", so
    /// the click is repeated (opening details pauses the table, so a click that worked is never undone).
    /// </summary>
    public async Task<ILocator> OpenFirstRowDetailsAsync()
    {
        var details = TestId("flow-details");
        for (var attempt = 1; ; attempt++)
        {
            await Rows.First.Locator("button").First.ClickAsync();
            try
            {
                await details.First.WaitForAsync(new() { Timeout = 5_000 });
                return details;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // Still no details: the click was lost in a re-render and the table is still live, so try again.
            }
        }
    }

    /// <summary>Opens a console URL and waits until the circuit has rendered the page.</summary>
    public async Task GotoAsync(string pathAndQuery)
    {
        await Page.GotoAsync(new Uri(Gateway.Url, pathAndQuery).ToString());
        await Assertions.Expect(TestId("toolbar")).ToBeVisibleAsync();
    }

    /// <summary>A console URL with the given <c>filters</c> JSON (Calico's console API format), live, last 15 minutes.</summary>
    public static string Filtered(string filtersJson, string more = "") => $"/?filters={Uri.EscapeDataString(filtersJson)}&range=-900{more}";

    /// <summary>A filter on source namespaces containing <paramref name="text"/>.</summary>
    public static string SourceNamespaceContains(string text) => $$"""{"source_namespaces":[{"value":"{{text}}","type":"Fuzzy"}]}""";

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
