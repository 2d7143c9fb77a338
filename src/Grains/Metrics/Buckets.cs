using System.Diagnostics.Metrics;

namespace FlowGrain.Grains.Metrics;

/// <summary>Histogram bucket boundaries that fit what FlowGrain measures (the SDK's defaults suit milliseconds, not seconds).</summary>
public static class Buckets
{
    /// <summary>100 µs to 10 s.</summary>
    public static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>1 to 100 000 items.</summary>
    public static readonly InstrumentAdvice<long> Counts = new()
    {
        HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 100_000],
    };
}
