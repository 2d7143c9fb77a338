using System.Diagnostics;
using System.Text;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Feed;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Queries;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Http;

/// <summary>
/// One HTTP watch stream as Server-Sent Events: the windows of a <see cref="ClosedWindowReader"/>, one event per
/// matching row with its position as id (so a reconnect resumes right after it), and a comment when idle.
/// </summary>
public sealed class FlowEventSource(ClosedWindowReader reader, FlowQueryService queries, IOptions<QueryOptions> options)
{
    private const int FlushBytes = 64 * 1024;

    /// <summary>The first window a live-only stream sends: the next one to close.</summary>
    public long NextWindow => reader.NextWindow;

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
        await foreach (var windows in reader.ReadAsync(position.Window, options.Value.Heartbeat / 2, cancellationToken))
        {
            if (await WriteWindowsAsync(response, windows, position, filter, cancellationToken))
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
        }
    }

    /// <summary>Writes the rows after <paramref name="position"/> that match; true if it wrote any.</summary>
    private static async Task<bool> WriteWindowsAsync(HttpResponse response, IReadOnlyList<ClusterWindow> windows,
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
                wrote = true;
                if (events.Length < FlushBytes) continue;
                await response.WriteAsync(events.ToString(), cancellationToken);
                events.Clear();
            }
        }

        if (events.Length > 0) await response.WriteAsync(events.ToString(), cancellationToken);
        if (wrote) await response.Body.FlushAsync(cancellationToken);
        return wrote;
    }
}
