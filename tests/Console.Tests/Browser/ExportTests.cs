using System.IO;
using System.Text.Json;
using FlowGrain.Console.Tests.Infrastructure;
using FlowGrain.Gateway.Console.Export;
using FlowGrain.Gateway.Console.Flows;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>Export saves exactly the rows on screen, as CSV and as the HTTP API's JSON.</summary>
[Collection(SharedGateway.Name)]
public sealed class ExportTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Export_downloads_the_rows_on_screen_as_csv_and_json()
    {
        var tag = FlowGenRuns.NewTag("ex");
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway, ConsolePage.Filtered(ConsolePage.SourceNamespaceContains(tag + "-")));
        await Expect(page.TestId("live-state")).ToHaveAttributeAsync("data-state", "Live");
        await FlowGenRuns.ReportOnceAsync(fixture.Gateway, tag, flows: 8);
        await Expect(page.Rows.First).ToBeVisibleAsync();
        await page.TestId("pause").ClickAsync();
        await Expect(page.TestId("live-state")).ToHaveAttributeAsync("data-state", "Paused");
        var shown = await ShownRowsAsync(page);

        var csv = await DownloadAsync(page, "export-csv");
        var lines = Csv.Parse(csv);
        Assert.Equal(FlowExport.CsvColumns, lines[0]);
        var header = lines[0].ToList();
        var csvRows = lines.Skip(1).Select(f => Row(f[header.IndexOf("source_name")], f[header.IndexOf("dest_name")], f[header.IndexOf("reporter")])).Order().ToList();
        Assert.Equal(shown, csvRows);

        var json = JsonDocument.Parse(await DownloadAsync(page, "export-json")).RootElement;
        var jsonRows = json.EnumerateArray().Select(flow => Row(flow.GetProperty("source_name").GetString()!, flow.GetProperty("dest_name").GetString()!, flow.GetProperty("reporter").GetString()!)).Order().ToList();
        Assert.Equal(shown, jsonRows);
        Assert.All(json.EnumerateArray(), flow => Assert.StartsWith(tag + "-", flow.GetProperty("source_namespace").GetString(), StringComparison.Ordinal));
    }

    private static async Task<List<string>> ShownRowsAsync(ConsolePage page)
    {
        var sources = await page.ColumnAsync("Source name");
        var dests = await page.ColumnAsync("Destination name");
        var reporters = await page.ColumnAsync("Reporter");
        Assert.NotEmpty(sources);
        Assert.Equal(await page.Rows.CountAsync(), sources.Count);
        return sources.Select((source, i) => $"{source} -> {dests[i]} by {reporters[i]}").Order().ToList();
    }

    private static string Row(string source, string dest, string reporter) => $"{FlowRow.NameOf(source)} -> {FlowRow.NameOf(dest)} by {reporter}";

    /// <summary>Picks one item of the export menu and returns the downloaded file's text.</summary>
    internal static async Task<string> DownloadAsync(ConsolePage page, string item)
    {
        var download = await page.Page.RunAndWaitForDownloadAsync(async () =>
        {
            await page.TestId("export-menu").ClickAsync();
            await page.TestId(item).ClickAsync();
        });
        return await File.ReadAllTextAsync(await download.PathAsync());
    }
}
