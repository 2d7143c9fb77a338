namespace FlowGrain.FlowGen.Reporting;

/// <summary>What a run did so far, shared by all nodes: counts and receipt latencies.</summary>
public sealed class RunStats
{
    private const int LatencySamples = 100_000;

    private readonly Lock _gate = new();
    private readonly double[] _latencies = new double[LatencySamples];
    private long _latencyCount;
    private long _generated;
    private long _sent;
    private long _receipts;
    private long _replayed;
    private long _reconnects;
    private long _bad;

    /// <summary>Distinct good flows generated (each counted once, however often it is replayed).</summary>
    public long Generated => Interlocked.Read(ref _generated);

    /// <summary>Updates written to a stream, replays and bad updates included.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public long Receipts => Interlocked.Read(ref _receipts);

    public long Replayed => Interlocked.Read(ref _replayed);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long BadSent => Interlocked.Read(ref _bad);

    internal void AddGenerated(int count) => Interlocked.Add(ref _generated, count);

    internal void AddSent(bool replay)
    {
        Interlocked.Increment(ref _sent);
        if (replay) Interlocked.Increment(ref _replayed);
    }

    internal void AddBad() => Interlocked.Increment(ref _bad);

    internal void AddReconnect() => Interlocked.Increment(ref _reconnects);

    internal void AddReceipt(TimeSpan latency)
    {
        Interlocked.Increment(ref _receipts);
        lock (_gate)
        {
            _latencies[_latencyCount++ % LatencySamples] = latency.TotalMilliseconds;
        }
    }

    /// <summary>Receipt latency percentile in milliseconds over the most recent samples.</summary>
    public double LatencyPercentile(double percentile)
    {
        double[] samples;
        lock (_gate)
        {
            samples = _latencies.AsSpan(0, (int)Math.Min(_latencyCount, LatencySamples)).ToArray();
        }

        if (samples.Length == 0) return 0;
        Array.Sort(samples);
        return samples[(int)Math.Clamp(Math.Ceiling(percentile / 100 * samples.Length) - 1, 0, samples.Length - 1)];
    }
}
