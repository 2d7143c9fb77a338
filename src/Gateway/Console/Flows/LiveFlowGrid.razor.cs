using FlowGrain.Gateway.Console.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Utilities;

namespace FlowGrain.Gateway.Console.Flows;

/// <summary>Shows a <see cref="LiveRows"/> table: a timer takes a snapshot when the rows changed and renders it.</summary>
public sealed partial class LiveFlowGrid
{
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<FlowRow> _rows = [];
    private long _renderedVersion = -1;

    [Parameter, EditorRequired]
    public LiveRows Rows { get; set; } = null!;

    [Parameter]
    public string Height { get; set; } = "100%";

    /// <summary>Raised when the viewer opens a row's details (the page pauses, so the row stays where it is).</summary>
    [Parameter]
    public EventCallback DetailsOpened { get; set; }

    [Inject]
    private IOptions<ConsoleOptions> Options { get; set; } = null!;

    /// <summary>The rows on screen, in the order shown (newest first unless the viewer sorted).</summary>
    public IReadOnlyList<FlowRow> VisibleRows => Grid?.FilteredItems.ToList() ?? _rows;

    public MudDataGrid<FlowRow>? Grid { get; private set; }

    protected override void OnInitialized()
    {
        Refresh();
        _ = RenderLoopAsync(_stop.Token);
    }

    private async Task RenderLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.Value.RenderInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (Rows.Version == _renderedVersion) continue;
                await InvokeAsync(() =>
                {
                    Refresh();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The view went away.
        }
    }

    private Task OnDetailsToggledAsync(DataGridHierarchyVisibilityToggledEventArgs<FlowRow> toggled) =>
        toggled.Expanded ? DetailsOpened.InvokeAsync() : Task.CompletedTask;

    private void Refresh()
    {
        _renderedVersion = Rows.Version;
        _rows = Rows.Snapshot();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
