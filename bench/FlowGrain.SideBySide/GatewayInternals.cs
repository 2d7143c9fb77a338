using System.Globalization;

namespace FlowGrain.SideBySide;

/// <summary>
/// Where a FlowGrain run spent its time, from the gateway's own histograms (their sums and counts on /metrics):
/// receipts, batches to the owner grains and the grain calls, as the difference between two readings.
/// </summary>
public sealed record GatewayInternals(IReadOnlyDictionary<string, double> Values)
{
    private static readonly string[] Series =
    [
        "flowgrain_receipt_latency_seconds_sum", "flowgrain_receipt_latency_seconds_count",
        "flowgrain_ingest_batch_size_sum", "flowgrain_ingest_batch_size_count",
        "flowgrain_grain_ingest_latency_seconds_sum", "flowgrain_grain_ingest_latency_seconds_count",
    ];

    public static async Task<GatewayInternals> ReadAsync(HttpClient http, int httpPort)
    {
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{httpPort}/metrics"));
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var name = line.Split(['{', ' '], 2)[0];
            if (!Series.Contains(name)) continue;
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            values[name] = values.GetValueOrDefault(name) + value;
        }

        return new GatewayInternals(values);
    }

    /// <summary>One line: receipts and their mean time in the gateway, batches, their mean size and grain call time.</summary>
    public string Since(GatewayInternals before)
    {
        double Delta(string name) => Values.GetValueOrDefault(name) - before.Values.GetValueOrDefault(name);
        var receipts = Delta("flowgrain_receipt_latency_seconds_count");
        var batches = Delta("flowgrain_grain_ingest_latency_seconds_count");
        return string.Create(CultureInfo.InvariantCulture,
            $"{receipts:N0} receipts, {1000 * Delta("flowgrain_receipt_latency_seconds_sum") / Math.Max(1, receipts):0.000} ms mean in the gateway; " +
            $"{batches:N0} grain calls, {Delta("flowgrain_ingest_batch_size_sum") / Math.Max(1, Delta("flowgrain_ingest_batch_size_count")):N0} flows each, " +
            $"{1000 * Delta("flowgrain_grain_ingest_latency_seconds_sum") / Math.Max(1, batches):0.00} ms mean");
    }
}
