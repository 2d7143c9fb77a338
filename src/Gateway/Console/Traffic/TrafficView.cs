using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Console.State;
using FlowGrain.Gateway.Queries;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Console.Traffic;

/// <summary>
/// A view drawn from the traffic of the console's filter and range (charts, map): it loads when they change and, while
/// the range ends now, again every Console:ChartRefresh. A load that fails leaves a message instead of the picture.
/// </summary>
public abstract class TrafficView : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private string? _loaded;
    private CancellationTokenSource? _load;

    [Parameter, EditorRequired]
    public ConsoleQuery Query { get; set; } = ConsoleQuery.Default;

    [Inject]
    protected TrafficQueries Traffic { get; set; } = null!;

    [Inject]
    private IOptions<ConsoleOptions> Options { get; set; } = null!;

    protected bool Loading { get; private set; } = true;

    protected string? Problem { get; private set; }

    /// <summary>The range last drawn, in absolute seconds.</summary>
    protected TimeRange Range { get; private set; }


    protected override void OnInitialized() => _ = RefreshLoopAsync(_stop.Token);

    protected override async Task OnParametersSetAsync()
    {
        var wanted = $"{Query.FilterJson}|{Query.From}|{Query.ShownUntil}";
        if (wanted == _loaded) return;
        _loaded = wanted;
        await ReloadAsync();
    }

    /// <summary>Reads what the view draws; runs on the renderer's context.</summary>
    protected abstract Task LoadAsync(TimeRange range, FlowFilter filter, CancellationToken cancellationToken);

    private async Task ReloadAsync()
    {
        if (_load is not null) await _load.CancelAsync();
        _load?.Dispose();
        var load = _load = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            Range = Traffic.Flows.ResolveRange(Query.From, Query.ShownUntil);
            await LoadAsync(Range, Query.Filter, load.Token);
            Problem = null;
        }
        catch (OperationCanceledException) when (load.IsCancellationRequested)
        {
            return;
        }
        catch (InvalidQueryException ex)
        {
            Problem = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Problem = "The cluster did not answer; retrying shortly.";
        }

        Loading = false;
        StateHasChanged();
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.Value.ChartRefresh);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (Query.EndsNow || Problem is not null) await InvokeAsync(ReloadAsync);
            }
        }
        catch (OperationCanceledException)
        {
            // The view went away.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _load?.Dispose();
        GC.SuppressFinalize(this);
    }
}
