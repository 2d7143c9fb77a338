using System.Runtime.CompilerServices;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Queries;

namespace FlowGrain.Gateway.Feed;

/// <summary>
/// Stream semantics: the closed windows from a start time (backfill), then each window as it closes (live), one
/// row per key per window and none twice. The viewer subscribes before the backfill is read; a live window is
/// skipped when its owner had already closed it at backfill time, so the two parts meet without gap or overlap.
/// </summary>
public sealed class LiveFlows(FlowFeed feed, FlowQueryService queries)
{
    public async IAsyncEnumerable<AggregatedFlow> ReadAsync(
        long? backfillFrom,
        FlowFilter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscriber = feed.Subscribe(filter, includeProvisional: false);
        var closedThrough = new Dictionary<string, long>(StringComparer.Ordinal);

        if (backfillFrom is { } from)
        {
            var owners = await queries.ClosedWindowsAsync(from, filter, cancellationToken);
            foreach (var (owner, windows) in owners)
            {
                closedThrough[owner] = windows.ClosedThrough;
            }

            var rows = owners.Values.SelectMany(w => w.Rows).OrderBy(row => row.Start).ThenBy(row => row.Key.Id);
            foreach (var row in rows)
            {
                yield return row;
            }
        }

        await foreach (var window in subscriber.Windows.ReadAllAsync(cancellationToken))
        {
            if (window.State != FeedWindowState.Closed) continue;
            if (closedThrough.TryGetValue(window.Owner, out var through) && window.WindowStart <= through) continue;
            foreach (var row in window.Flows)
            {
                yield return row;
            }
        }
    }
}
