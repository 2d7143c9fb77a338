using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Console.Traffic;

namespace FlowGrain.Gateway.Console.Charts;

/// <summary>
/// Flows, denied flows and bytes per time bucket of a range, from rows read per key and bucket. A flow is a row (one
/// key, as one end reported it); bytes count each conversation once (<see cref="ByteVolume"/>).
/// </summary>
public sealed record TrafficTimeline(IReadOnlyList<long> BucketStarts, double[] Flows, double[] DeniedFlows, double[] Bytes)
{
    /// <summary>Most points a timeline has; longer ranges get wider buckets.</summary>
    public const int MaxPoints = 60;

    /// <summary>
    /// The bucket width for a range: the smallest multiple of <paramref name="windowWidth"/> — the width of the windows
    /// that answer for the range's start, roll-ups' for a range reaching back past the fine windows — that keeps at
    /// most <see cref="MaxPoints"/>.
    /// </summary>
    public static long BucketFor(TimeRange range, long windowWidth)
    {
        var windows = Math.Max(1, (range.Until - range.From + windowWidth - 1) / windowWidth);
        return windowWidth * Math.Max(1, (windows + MaxPoints - 1) / MaxPoints);
    }

    public static TrafficTimeline Build(IEnumerable<AggregatedFlow> rows, TimeRange range, long bucket)
    {
        var first = Floor(range.From, bucket);
        var count = (int)Math.Max(1, (range.Until - first + bucket - 1) / bucket);
        var flows = new double[count];
        var denied = new double[count];
        var perBucket = new List<AggregatedFlow>[count];
        foreach (var row in rows)
        {
            var i = (int)((Floor(row.Start, bucket) - first) / bucket);
            if (i < 0 || i >= count) continue;
            flows[i]++;
            if (row.Key.Action == FlowAction.Deny) denied[i]++;
            (perBucket[i] ??= []).Add(row);
        }

        var bytes = perBucket.Select(b => b is null ? 0d : ByteVolume.Of(b)).ToArray();
        var starts = Enumerable.Range(0, count).Select(i => first + (i * bucket)).ToList();
        return new TrafficTimeline(starts, flows, denied, bytes);
    }

    private static long Floor(long seconds, long bucket) => seconds - (((seconds % bucket) + bucket) % bucket);
}
