using System.Collections.Concurrent;

namespace FlowGrain.Grains.Metrics;

/// <summary>
/// Admits label combinations up to a cap; later combinations are folded: their unbounded labels become "other".
/// Folding never loses a count, it only coarsens where it is attributed.
/// </summary>
public sealed class SeriesLimiter(int maxSeries, IReadOnlySet<string> boundedLabels)
{
    public const string Other = "other";

    private readonly ConcurrentDictionary<string, bool> _admitted = new(StringComparer.Ordinal);

    /// <summary>The labels to record under, and whether they had to be folded.</summary>
    public (KeyValuePair<string, object?>[] Labels, bool Folded) Admit(KeyValuePair<string, object?>[] labels)
    {
        var identity = string.Join('\u001f', labels.Select(l => l.Value));
        if (_admitted.ContainsKey(identity)) return (labels, false);
        lock (_admitted)
        {
            if (_admitted.ContainsKey(identity)) return (labels, false);
            if (_admitted.Count < maxSeries)
            {
                _admitted[identity] = true;
                return (labels, false);
            }
        }

        var folded = labels.Select(l => boundedLabels.Contains(l.Key) ? l : new KeyValuePair<string, object?>(l.Key, Other)).ToArray();
        return (folded, true);
    }

    /// <summary>Combinations admitted so far.</summary>
    public int Count => _admitted.Count;
}
