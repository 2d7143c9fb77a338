using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Feed;
using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Observability;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Console.Live;

/// <summary>
/// One console viewer's live table (scoped to its circuit): reads the selected range, then follows the gateway's live
/// feed with provisional rows, so a reported flow shows within 2 seconds and is updated in place until its window
/// closes. Pausing drops the subscription; resuming reads the paused span (per window) before following again, and so
/// does falling behind the feed's buffer.
/// </summary>
public sealed partial class LiveFlowSession(
    FlowFeed feed,
    LiveStreams streams,
    LiveBackfill backfill,
    GatewayMetrics metrics,
    IOptions<ConsoleOptions> options,
    ILogger<LiveFlowSession> logger) : IAsyncDisposable
{
    private const string Api = "console";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private CancellationTokenSource? _run;
    private Task _loop = Task.CompletedTask;
    private FlowFilter _filter = FlowFilter.All;
    private long _pausedAt;
    private long _lastDelivery;

    public LiveRows Rows { get; } = new(options.Value.MaxRows);

    /// <summary>The signed-in viewer, whose live tables count against Query:MaxStreamsPerClient (null: anonymous, counted per gateway only).</summary>
    public string? Client { get; set; }

    public LiveState State { get; private set; } = LiveState.Starting;

    /// <summary>Why the feed is unavailable, when it is.</summary>
    public string? Problem { get; private set; }

    /// <summary>Raised (on a background thread) when <see cref="State"/> changes.</summary>
    public event Action? StateChanged;

    /// <summary>Shows <paramref name="filter"/>'s flows from <paramref name="from"/> (absolute seconds) on; stays paused when paused.</summary>
    public async Task ShowAsync(FlowFilter filter, long from)
    {
        var paused = State == LiveState.Paused;
        await CancelAsync();
        _filter = filter;
        Rows.Clear();
        if (paused)
        {
            _pausedAt = backfill.Now;
            Run(token => ReadOnceAsync(from, token), LiveState.Paused);
        }
        else
        {
            Run(token => FollowAsync(from, token), LiveState.Starting);
        }
    }

    public async Task PauseAsync()
    {
        if (State == LiveState.Paused) return;
        await CancelAsync();
        _pausedAt = backfill.Now;
        SetState(LiveState.Paused);
    }

    /// <summary>Follows the feed again after reading every window that was still open when the table paused.</summary>
    public void Resume()
    {
        if (State != LiveState.Paused) return;
        var from = backfill.OldestOpenWindow(_pausedAt);
        Run(token => FollowAsync(from, token), LiveState.CatchingUp);
    }

    /// <summary>Stops following the feed (the history view is shown instead).</summary>
    public async Task StopAsync()
    {
        await CancelAsync();
        SetState(LiveState.Stopped);
    }

    public async ValueTask DisposeAsync() => await CancelAsync();

    private void Run(Func<CancellationToken, Task> work, LiveState state)
    {
        var run = new CancellationTokenSource();
        SetState(state);
        lock (_gate)
        {
            _run = run;
            _loop = work(run.Token);
        }
    }

    private async Task CancelAsync()
    {
        CancellationTokenSource? run;
        Task loop;
        lock (_gate)
        {
            (run, _run, loop) = (_run, null, _loop);
        }

        if (run is null) return;
        await run.CancelAsync();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
        run.Dispose();
    }

    private async Task FollowAsync(long from, CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var stream = streams.Take(Client);
                using var subscriber = feed.Subscribe(_filter);
                metrics.LiveStreamOpened(Api);
                try
                {
                    // Subscribed before reading, so nothing between the read and the first delivery is lost.
                    _lastDelivery = backfill.Now;
                    await backfill.ReadAsync(Rows, _filter, from, cancellationToken);
                    SetState(LiveState.Live);
                    await foreach (var window in subscriber.ReadAllAsync(cancellationToken))
                    {
                        _lastDelivery = backfill.Now;
                        Rows.Apply(window);
                    }

                    from = backfill.OldestOpenWindow(_lastDelivery);
                }
                finally
                {
                    metrics.LiveStreamClosed(Api);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is ViewerTooSlowException || ex.InnerException is ViewerTooSlowException)
            {
                LogFellBehind(logger);
                from = backfill.OldestOpenWindow(_lastDelivery);
                SetState(LiveState.CatchingUp);
            }
            catch (OverLimitException ex)
            {
                await UnavailableAsync(ex.Message, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogUnavailable(logger, ex);
                from = backfill.OldestOpenWindow(_lastDelivery);
                await UnavailableAsync("The cluster does not answer; retrying.", cancellationToken);
            }
        }
    }

    private async Task ReadOnceAsync(long from, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await backfill.ReadAsync(Rows, _filter, from, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(logger, ex);
            Problem = "The cluster does not answer; resume to retry.";
            StateChanged?.Invoke();
        }
    }

    private async Task UnavailableAsync(string problem, CancellationToken cancellationToken)
    {
        Problem = problem;
        SetState(LiveState.Unavailable);
        await Task.Delay(RetryDelay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private void SetState(LiveState state)
    {
        if (state != LiveState.Unavailable) Problem = null;
        if (State == state) return;
        State = state;
        StateChanged?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A console viewer fell behind the live feed; reading what it missed")]
    private static partial void LogFellBehind(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The console's live table cannot read flows; retrying")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
