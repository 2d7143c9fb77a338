using System.Buffers;
using System.Diagnostics;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Feed;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Queries;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Http;

/// <summary>
/// One HTTP watch stream as Server-Sent Events: the windows of a <see cref="ClosedWindowReader"/>, one event per
/// matching row with its position as id (so a reconnect resumes right after it), and a comment when idle. With
/// provisional rows asked for, rows of windows still filling come from the gateway's live feed in between, as
/// "provisional" events without an id: each is superseded by a later one and, once the window closes, by its row.
/// </summary>
public sealed class FlowEventSource(ClosedWindowReader reader, FlowFeed feed, FlowQueryService queries, IOptions<QueryOptions> options)
{
    private const int FlushBytes = 64 * 1024;

    /// <summary>The first window a live-only stream sends: the next one to close.</summary>
    public long NextWindow => reader.NextWindow;

    /// <param name="response">Where the events go.</param>
    /// <param name="position">Where the stream starts: the start of a window, or right after an event a reconnecting browser got.</param>
    /// <param name="resumed">Whether <paramref name="position"/> is a browser's Last-Event-ID.</param>
    /// <param name="filter">Which rows the viewer wants.</param>
    /// <param name="provisional">Whether rows of windows still filling are sent too.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    public async Task WriteAsync(HttpResponse response, EventPosition position, bool resumed, FlowFilter filter, bool provisional, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync("retry: 2000\n\n", cancellationToken);

        var grid = queries.Grid;
        var now = queries.Now;
        var oldestKept = grid.OldestHistoryStart(now);
        var rollupStart = grid.RollupStartOf(position.Window);
        if (position.Window < oldestKept)
        {
            // Said, not silently skipped: what the viewer asked for is older than the retention.
            await WriteGapAsync(response, position.Window, oldestKept, "older than the retention", cancellationToken);
            position = EventPosition.StartOf(oldestKept);
        }
        else if (position.Window < grid.HistorySeam(now) && position.Window != rollupStart)
        {
            if (resumed)
            {
                // Resuming inside what is now a roll-up: its rows hold this window's numbers with its neighbours', some
                // sent already, so the stream goes on after it rather than send anything twice.
                await WriteGapAsync(response, position.Window, rollupStart + grid.RollupWidth, "rolled up since it was sent", cancellationToken);
                position = EventPosition.StartOf(rollupStart + grid.RollupWidth);
            }
            else
            {
                // A backfill from inside what is kept as a roll-up starts with that roll-up.
                position = EventPosition.StartOf(rollupStart);
            }
        }

        await response.Body.FlushAsync(cancellationToken);
        // Closed rows come from the window log, with ids: the feed gives this stream only the windows still filling.
        var subscriber = provisional ? feed.Subscribe(filter, provisionalOnly: true) : null;
        try
        {
            await using var closed = reader.ReadAsync(position.Window, options.Value.Heartbeat / 2, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var nextClosed = closed.MoveNextAsync().AsTask();
            Task<bool>? nextProvisional = null;
            var lastWrite = Stopwatch.GetTimestamp();
            while (true)
            {
                nextProvisional ??= subscriber?.WaitToReadAsync(cancellationToken).AsTask();
                if (nextProvisional is not null && await Task.WhenAny(nextClosed, nextProvisional) == nextProvisional)
                {
                    var ready = nextProvisional;
                    nextProvisional = null;
                    if (await FeedReadyAsync(ready))
                    {
                        if (await WriteProvisionalAsync(response, subscriber!, cancellationToken)) lastWrite = Stopwatch.GetTimestamp();
                    }
                    else
                    {
                        // The viewer fell behind the feed's buffer: its provisional rows so far are superseded anyway, so
                        // it follows again from the next update (closed rows are read apart and lose nothing).
                        subscriber!.Dispose();
                        subscriber = feed.Subscribe(filter, provisionalOnly: true);
                    }

                    continue;
                }

                if (!await nextClosed) return;
                if (await WriteWindowsAsync(response, closed.Current, position, filter, cancellationToken))
                {
                    lastWrite = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(lastWrite) >= options.Value.Heartbeat)
                {
                    // Nothing for a while: keep the connection visibly alive for proxies.
                    await response.WriteAsync(": ping\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    lastWrite = Stopwatch.GetTimestamp();
                }

                nextClosed = closed.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            subscriber?.Dispose();
        }
    }

    private static Task WriteGapAsync(HttpResponse response, long from, long to, string reason, CancellationToken cancellationToken) =>
        response.WriteAsync($"event: gap\ndata: {{\"from\":{from},\"to\":{to},\"reason\":\"{reason}\"}}\n\n", cancellationToken);

    private static async Task<bool> FeedReadyAsync(Task<bool> ready)
    {
        try
        {
            return await ready;
        }
        catch (ViewerTooSlowException)
        {
            return false;
        }
    }

    /// <summary>Writes the provisional rows the feed has for this viewer; true if it wrote any.</summary>
    private static async Task<bool> WriteProvisionalAsync(HttpResponse response, FeedSubscriber subscriber, CancellationToken cancellationToken)
    {
        var events = new EventWriter(response.BodyWriter);
        while (subscriber.TryRead(out var window))
        {
            foreach (var row in window.Flows)
            {
                if (events.Write(FlowEvents.Provisional(row))) await events.FlushAsync(cancellationToken);
            }
        }

        return await events.EndAsync(cancellationToken);
    }

    /// <summary>Writes the rows after <paramref name="position"/> that match; true if it wrote any.</summary>
    private static async Task<bool> WriteWindowsAsync(HttpResponse response, IReadOnlyList<ClusterWindow> windows,
        EventPosition position, FlowFilter filter, CancellationToken cancellationToken)
    {
        var events = new EventWriter(response.BodyWriter);
        foreach (var window in windows)
        {
            foreach (var row in window.Rows)
            {
                if (window.Start == position.Window && row.Key.Id <= position.AfterId) continue;
                if (!filter.Matches(row.Key)) continue;
                if (events.Write(FlowEvents.Closed(window.Start, row))) await events.FlushAsync(cancellationToken);
            }
        }

        return await events.EndAsync(cancellationToken);
    }

    /// <summary>
    /// Events written in a run and flushed together at its end, and every <see cref="FlushBytes"/> as they go: flushing
    /// as it goes holds the backlog of a reader that does not keep up to what the connection buffers.
    /// </summary>
    private sealed class EventWriter(System.IO.Pipelines.PipeWriter body)
    {
        private long _unflushed;
        private bool _wrote;

        /// <summary>Writes one event; true when enough waits unflushed that the caller should flush now.</summary>
        public bool Write(byte[] bytes)
        {
            body.Write(bytes);
            _wrote = true;
            _unflushed += bytes.Length;
            return _unflushed >= FlushBytes;
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await body.FlushAsync(cancellationToken);
            _unflushed = 0;
        }

        /// <summary>Flushes what the run wrote; true if it wrote anything.</summary>
        public async Task<bool> EndAsync(CancellationToken cancellationToken)
        {
            if (_wrote) await FlushAsync(cancellationToken);
            return _wrote;
        }
    }
}
