using System.Diagnostics;
using System.Text;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Feed;
using FlowGrain.Gateway.Queries;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Http;

/// <summary>
/// One HTTP watch stream (Server-Sent Events): closed windows oldest first, rows by key id, each event's id its
/// position. History comes from the owners, recent windows from the gateway's <see cref="ClosedWindowLog"/>; the
/// stream keeps its own position, so a slow reader only falls behind itself and never loses rows.
/// </summary>
public sealed class FlowEventSource(ClosedWindowLog log, FlowQueryService queries, IOptions<QueryOptions> options)
{
    private const int FlushBytes = 64 * 1024;

    /// <summary>The first window a live-only stream sends: the next one to close.</summary>
    public long NextWindow => log.Snapshot().Next;

    public async Task WriteAsync(HttpResponse response, EventPosition position, FlowFilter filter, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync("retry: 2000\n\n", cancellationToken);

        var oldestKept = queries.Grid.OldestRetainedStart(queries.Now);
        if (position.Window < oldestKept)
        {
            // Said, not silently skipped: what the viewer asked for is older than the retention.
            await response.WriteAsync($"event: gap\ndata: {{\"from\":{position.Window},\"to\":{oldestKept},\"reason\":\"older than the retention\"}}\n\n", cancellationToken);
            position = EventPosition.StartOf(oldestKept);
        }

        await response.Body.FlushAsync(cancellationToken);
        var lastWrite = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            var (recent, next, appended) = log.Snapshot();
            IReadOnlyList<ClosedWindow> windows = recent.Count > 0 && position.Window >= recent[0].Start
                ? [.. recent.Where(w => w.Start >= position.Window)]
                : position.Window < next
                    ? (await log.ReadAsync(position.Window, cancellationToken)).Windows
                    : [];

            if (windows.Count > 0)
            {
                if (await WriteWindowsAsync(response, windows, position, filter, cancellationToken)) lastWrite = Stopwatch.GetTimestamp();
                position = EventPosition.StartOf(windows[^1].Start + queries.Grid.Width);
                continue;
            }

            // Nothing to send yet: wait for the next window, and keep the connection visibly alive for proxies.
            var quietFor = Stopwatch.GetElapsedTime(lastWrite);
            var untilPing = options.Value.Heartbeat - quietFor;
            if (untilPing > TimeSpan.Zero && await Task.WhenAny(appended, Task.Delay(untilPing, cancellationToken)) == appended) continue;
            cancellationToken.ThrowIfCancellationRequested();
            await response.WriteAsync(": ping\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            lastWrite = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Writes the rows after <paramref name="position"/> that match; true if it wrote any.</summary>
    private static async Task<bool> WriteWindowsAsync(HttpResponse response, IReadOnlyList<ClosedWindow> windows,
        EventPosition position, FlowFilter filter, CancellationToken cancellationToken)
    {
        var events = new StringBuilder();
        var wrote = false;
        foreach (var window in windows)
        {
            foreach (var row in window.Rows)
            {
                if (window.Start == position.Window && row.Key.Id <= position.AfterId) continue;
                if (!filter.Matches(row.Key)) continue;
                events.Append("id: ").Append(new EventPosition(window.Start, row.Key.Id).Id).Append('\n')
                    .Append("data: ").Append(WhiskerFlowJson.ToJson(row)).Append("\n\n");
                if (events.Length < FlushBytes) continue;
                await response.WriteAsync(events.ToString(), cancellationToken);
                events.Clear();
                wrote = true;
            }
        }

        if (events.Length > 0)
        {
            await response.WriteAsync(events.ToString(), cancellationToken);
            wrote = true;
        }

        await response.Body.FlushAsync(cancellationToken);
        return wrote;
    }
}
