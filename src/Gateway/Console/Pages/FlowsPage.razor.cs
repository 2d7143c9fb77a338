using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Console.Flows;
using FlowGrain.Gateway.Console.Live;
using FlowGrain.Gateway.Console.State;
using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Queries;
using FlowGrain.Gateway.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace FlowGrain.Gateway.Console.Pages;

/// <summary>
/// The console page. The URL is the one source of what it shows: every change of filter, range, view or tab navigates
/// to a new URL, and the page applies whatever URL it is given (so a reload or a shared link shows the same).
/// </summary>
public sealed partial class FlowsPage
{
    private ConsoleQuery _query = ConsoleQuery.Default;
    private TimeRange _range;
    private (string Filter, long From)? _live;
    private LiveFlowGrid? _liveGrid;
    private HistoryFlowGrid? _historyGrid;
    private FlowSort _sort = FlowSort.Time;
    private long _total;

    [SupplyParameterFromQuery(Name = "filters")]
    public string? Filters { get; set; }

    [SupplyParameterFromQuery(Name = "range")]
    public string? Range { get; set; }

    [SupplyParameterFromQuery(Name = "until")]
    public string? Until { get; set; }

    [SupplyParameterFromQuery(Name = "startTimeGte")]
    public string? StartTimeGte { get; set; }

    [SupplyParameterFromQuery(Name = "startTimeLt")]
    public string? StartTimeLt { get; set; }

    [SupplyParameterFromQuery(Name = "view")]
    public string? View { get; set; }

    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    [Inject]
    private LiveFlowSession Session { get; set; } = null!;

    [Inject]
    private FlowQueryService Queries { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private CallerScopes Callers { get; set; } = null!;

    [Inject]
    private Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        var problems = new List<string>();
        var query = ConsoleQuery.Parse(new Dictionary<string, string?>
        {
            ["filters"] = Filters,
            ["range"] = Range,
            ["until"] = Until,
            ["startTimeGte"] = StartTimeGte,
            ["startTimeLt"] = StartTimeLt,
            ["view"] = View,
            ["tab"] = Tab,
        }, problems);

        try
        {
            _range = Queries.ResolveRange(query.From, query.ShownUntil);
        }
        catch (InvalidQueryException ex)
        {
            problems.Add(ex.Message);
            query = query with { From = ConsoleQuery.Default.From, Until = ConsoleQuery.Default.Until };
            _range = Queries.ResolveRange(query.From, query.Until);
        }

        foreach (var problem in problems) Snackbar.Add($"Ignored from the URL — {problem}", Severity.Warning);
        // The viewer's namespaces go into the filter itself, which every table, chart, map, hint and export of the
        // page is given: nothing of the page can query around them, and a URL cannot remove them.
        var viewer = (await Authentication.GetAuthenticationStateAsync()).User;
        Session.Client = ClientIdentity.Authenticated(viewer);
        _query = query with { Filter = query.Filter.Within(Callers.Of(viewer)) };
        await FollowAsync();
    }

    /// <summary>Points the live table at the filter and range, or stops it while history is shown.</summary>
    private async Task FollowAsync()
    {
        if (_query.View != ConsoleView.Live)
        {
            _live = null;
            await Session.StopAsync();
            return;
        }

        var wanted = (_query.FilterJson, _query.From);
        if (_live == wanted) return;
        _live = wanted;
        await Session.ShowAsync(_query.Filter, _range.From);
    }

    private Task NavigateAsync(ConsoleQuery query)
    {
        Navigation.NavigateTo(query.ToRelativeUri());
        return Task.CompletedTask;
    }

    /// <summary>New rows go on top, so a live table would push open details away; it pauses until the viewer resumes.</summary>
    private async Task PauseForDetailsAsync()
    {
        if (Session.State != LiveState.Live) return;
        await Session.PauseAsync();
        Snackbar.Add("Paused while you read the details; Resume follows the feed again and adds what arrived meanwhile.", Severity.Info);
    }

    private void ShowColumns(MouseEventArgs click) =>
        (_query.View == ConsoleView.Live ? _liveGrid?.Grid : _historyGrid?.Grid)?.ShowColumnsPanel(click);

    private IEnumerable<AggregatedFlow> ExportRows() =>
        (_query.View == ConsoleView.Live ? _liveGrid?.VisibleRows : _historyGrid?.VisibleRows)?.Select(row => row.Flow) ?? [];

    private static string SortLabel(FlowSort sort) => sort switch
    {
        FlowSort.Time => "Time (newest first)",
        FlowSort.SourceNamespace => "Source namespace",
        FlowSort.SourceName => "Source name",
        FlowSort.SourceType => "Source type",
        FlowSort.DestNamespace => "Destination namespace",
        FlowSort.DestName => "Destination name",
        _ => "Destination type",
    };
}
