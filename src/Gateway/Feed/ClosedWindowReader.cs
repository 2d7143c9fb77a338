using System.Runtime.CompilerServices;
using FlowGrain.Gateway.Queries;

namespace FlowGrain.Gateway.Feed;

/// <summary>
/// Stream semantics for every live API: the closed windows from a start window on, each once, oldest first, as
/// they close. History is read from the owners, recent windows from the shared <see cref="ClosedWindowLog"/>. Each
/// reader keeps its own position, so a slow reader only falls behind itself and misses nothing.
/// </summary>
public sealed class ClosedWindowReader(ClosedWindowLog log, FlowQueryService queries)
{
    /// <summary>The first window a live-only reader gets: the next one to close.</summary>
    public long NextWindow => log.Snapshot().Next;

    /// <summary>
    /// Batches of consecutive closed windows from <paramref name="fromWindow"/> on; an empty batch when nothing closed
    /// for <paramref name="idle"/> (so callers can send keep-alives).
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<ClusterWindow>> ReadAsync(long fromWindow, TimeSpan idle,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = queries.Grid.StartOf(fromWindow);
        while (!cancellationToken.IsCancellationRequested)
        {
            var (recent, next, appended) = log.Snapshot();
            IReadOnlyList<ClusterWindow> windows = recent.Count > 0 && position >= recent[0].Start
                ? [.. recent.Where(w => w.Start >= position)]
                : position < next
                    ? (await log.ReadAsync(position, cancellationToken)).Windows
                    : [];

            if (windows.Count > 0)
            {
                position = windows[^1].Start + queries.Grid.Width;
                yield return windows;
                continue;
            }

            if (await Task.WhenAny(appended, Task.Delay(idle, cancellationToken)) != appended)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return [];
            }
        }
    }
}
