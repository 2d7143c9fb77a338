using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Queries;

namespace FlowGrain.Gateway.Console.Live;

/// <summary>Reads a span of history into a live table: one row per key and window, as the feed would have delivered them.</summary>
public sealed class LiveBackfill(FlowQueryService queries)
{
    public long Now => queries.Now;

    /// <summary>Reads the newest rows (at most the table's capacity) from <paramref name="from"/> to now into <paramref name="rows"/>.</summary>
    public async Task ReadAsync(LiveRows rows, FlowFilter filter, long from, CancellationToken cancellationToken)
    {
        var now = queries.Now;
        var grid = queries.Grid;
        var range = new TimeRange(Math.Min(from, now - 1), now + 1);
        var request = new FlowListRequestModel(range, filter, [FlowSort.Time], 0, rows.Capacity, grid.Width);
        var page = await queries.ListAsync(request, cancellationToken);
        rows.Merge(page.Flows.Reverse(), flow => !grid.IsClosed(flow.Start, now));
    }

    /// <summary>
    /// The first window that could still change after <paramref name="time"/>: the newest one closed by then (it may
    /// have closed just after) and every later one.
    /// </summary>
    public long OldestOpenWindow(long time) => queries.Grid.NewestClosedStart(time);
}
