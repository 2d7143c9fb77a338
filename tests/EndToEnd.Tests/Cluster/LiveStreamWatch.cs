using System.IO;

namespace FlowGrain.EndToEnd.Tests.Cluster;

/// <summary>
/// The console's live stream as a browser holds it: Server-Sent Events from /whisker-backend/flows?watch=true,
/// reconnecting whenever the stream ends (as EventSource does), across the given gateways in turn.
/// </summary>
public sealed class LiveStreamWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private long _events;

    public LiveStreamWatch(Func<int> httpPort) => _reading = Task.Run(() => ReadAsync(httpPort));

    /// <summary>Flow events received so far.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Waits until more than <paramref name="count"/> events have arrived.</summary>
    public async Task WaitForMoreThanAsync(long count, TimeSpan timeout, Func<string> context)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Events <= count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The live stream stalled at {Events} events for {timeout}.\n{context()}");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task ReadAsync(Func<int> httpPort)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort()}/whisker-backend/flows?watch=true"),
                    HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith("data:", StringComparison.Ordinal)) Interlocked.Increment(ref _events);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !_stop.IsCancellationRequested))
            {
                // The gateway went away or ended the stream; reconnect as EventSource does.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(500, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
