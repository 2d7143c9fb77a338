using System.IO;
using System.Globalization;
using FlowGrain.Abstractions.Flows;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace FlowGrain.Gateway.Console.Export;

/// <summary>Builds the export file on the server and streams it to the browser, which saves it.</summary>
public sealed partial class ExportMenu : IAsyncDisposable
{
    private IJSObjectReference? _module;

    /// <summary>The rows to export, read when the viewer clicks (the rows on screen, in their order).</summary>
    [Parameter, EditorRequired]
    public Func<IEnumerable<AggregatedFlow>> Rows { get; set; } = () => [];

    [Parameter]
    public TimeProvider Time { get; set; } = TimeProvider.System;

    private async Task DownloadAsync(ExportFormat format)
    {
        var flows = Rows().ToList();
        var (bytes, extension, type) = format == ExportFormat.Csv
            ? (FlowExport.Csv(flows), "csv", "text/csv")
            : (FlowExport.Json(flows), "json", "application/json");
        var name = $"flowgrain-flows-{Time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.{extension}";

        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Console/Export/ExportMenu.razor.js");
        using var content = new DotNetStreamReference(new MemoryStream(bytes));
        await _module.InvokeVoidAsync("download", name, type, content);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is null) return;
        try
        {
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; nothing to release there.
        }
    }
}
