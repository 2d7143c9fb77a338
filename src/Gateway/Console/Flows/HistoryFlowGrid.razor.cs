using System.Collections.Immutable;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Console.State;
using FlowGrain.Gateway.Queries;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FlowGrain.Gateway.Console.Flows;

/// <summary>Asks the gateway for one sorted page of the range at a time (server-side sorting and paging).</summary>
public sealed partial class HistoryFlowGrid
{
    private static readonly int[] PageSizes = [25, 50, 100, 250, 1000];

    private IReadOnlyList<FlowRow> _page = [];
    private string? _problem;
    private (string Filter, long From, long Until, string Sort)? _loaded;

    // The range as resolved when this query was first loaded: paging then walks one fixed set of rows.
    private TimeRange? _pinned;

    [Parameter, EditorRequired]
    public ConsoleQuery Query { get; set; } = ConsoleQuery.Default;

    [Parameter]
    public ImmutableArray<FlowSort> Sort { get; set; } = [FlowSort.Time];

    [Parameter]
    public string Height { get; set; } = "100%";

    /// <summary>Matches of the range under the filter, all pages together.</summary>
    [Parameter]
    public EventCallback<long> TotalChanged { get; set; }

    [Inject]
    private FlowQueryService Queries { get; set; } = null!;

    public MudDataGrid<FlowRow>? Grid { get; private set; }

    /// <summary>The page on screen.</summary>
    public IReadOnlyList<FlowRow> VisibleRows => _page;

    protected override async Task OnParametersSetAsync()
    {
        var wanted = (Query.FilterJson, Query.From, Query.Until, string.Join(",", Sort));
        if (_loaded is null || _loaded == wanted || Grid is null)
        {
            _loaded ??= wanted;
            return;
        }

        _loaded = wanted;
        _pinned = null;
        await Grid.ReloadServerData();
    }

    /// <summary>Reads the range again up to the newest closed window, staying on the current page.</summary>
    public async Task RefreshAsync()
    {
        _pinned = null;
        if (Grid is not null) await Grid.ReloadServerData();
    }

    /// <summary>When the pages end: the end of the newest closed window in the range (or the range's end).</summary>
    public long? PinnedUntil => _pinned?.Until;

    /// <summary>
    /// Ends the range at the newest closed window, whose rows no longer change, so that the next page continues
    /// where this one ended; flows of still-filling windows are on the live view. A range that holds only filling
    /// windows is kept as it is.
    /// </summary>
    private TimeRange Pin(TimeRange range, long now)
    {
        var closedEnd = Queries.Grid.NewestClosedStart(now) + Queries.Grid.Width;
        return closedEnd > range.From && closedEnd < range.Until ? range with { Until = closedEnd } : range;
    }

    private async Task<GridData<FlowRow>> LoadAsync(GridState<FlowRow> state, CancellationToken cancellationToken)
    {
        try
        {
            var now = Queries.Now;
            if (state.Page == 0) _pinned = null; // the first page shows the range as it is now
            var range = _pinned ??= Pin(Queries.ResolveRange(Query.From, Query.Until), now);
            var page = await Queries.ListAsync(new FlowListRequestModel(range, Query.Filter, Sort, state.Page, state.PageSize), cancellationToken);
            var grid = Queries.Grid;
            _page = [.. page.Flows.Select(flow => new FlowRow(flow, !grid.IsClosed(flow.End - grid.Width, now)))];
            _problem = null;
            await TotalChanged.InvokeAsync(page.TotalResults);
            return new GridData<FlowRow> { Items = _page, TotalItems = (int)Math.Min(page.TotalResults, int.MaxValue) };
        }
        catch (InvalidQueryException ex)
        {
            _page = [];
            _problem = ex.Message;
            return new GridData<FlowRow> { Items = [], TotalItems = 0 };
        }
    }
}
