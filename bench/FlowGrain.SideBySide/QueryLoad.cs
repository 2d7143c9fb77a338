using System.Diagnostics;
using System.Globalization;
using FlowGrain.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace FlowGrain.SideBySide;

/// <summary>
/// Queries over a full hour: fills a standalone gateway with <c>keys</c> unique keys spread over the last hour's
/// windows (each key in a quarter of them, start times back-dated), then runs List in every sort (newest-first page
/// of 100, whole hour and last 5 minutes), FilterHints and Statistics back to back while ingest continues, and
/// compares the ingest rate during the queries with the rate without them.
/// </summary>
internal static class QueryLoad
{
    private const int Nodes = 100;
    private const int LiveNodes = 20;
    private const long Width = 15;
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(IServerUnderTest server, int port, int keys, int windows, int rounds)
    {
        var address = $"http://127.0.0.1:{port}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = (now / Width * Width) - ((windows - 1) * Width);
        var reports = (long)keys * windows / 4;
        Console.Error.WriteLine($"query-load: filling {keys:N0} keys × {windows} windows (each key in a quarter): {reports:N0} reports …");

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Nodes).Select(node => Task.Run(() =>
            LiveIngest.SendAsync(address, $"ql-node-{node}", Fill(node, keys, windows, first), inflight: 32, CancellationToken.None))));
        var fillSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"query-load: filled in {fillSeconds:N0} s ({reports / fillSeconds:N0} flows/s), RSS {server.ResidentMiB:N0} MiB"));

        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = null });
        var flows = new Flows.FlowsClient(channel);
        var statistics = new Statistics.StatisticsClient(channel);
        var total = (await flows.ListAsync(new FlowListRequest { StartTimeGte = -3600, PageSize = 1 })).Meta.TotalResults;

        // On an idle gateway first (after a round that compiles the query paths): what queries take without ingest
        // competing for the cores.
        var idle = new Dictionary<string, List<double>>();
        await RoundAsync(flows, statistics, []);
        for (var round = 0; round < 3; round++) await RoundAsync(flows, statistics, idle);

        // Ingest of the current window keeps going, from other nodes, while the rate is taken with and without queries.
        var ingest = LiveIngest.Start(address, LiveNodes, keys, "ql-live");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var quiet = await ingest.RateAsync(QuietPeriod);

        var latencies = new Dictionary<string, List<double>>();
        var queriesStarted = ingest.Sent;
        var queriesClock = Stopwatch.GetTimestamp();
        // At least the given rounds, and at least as long as the quiet measurement, so the two rates compare like for like.
        for (var round = 0; round < rounds || Stopwatch.GetElapsedTime(queriesClock) < QuietPeriod; round++)
        {
            await RoundAsync(flows, statistics, latencies);
        }

        var busy = (ingest.Sent - queriesStarted) / Stopwatch.GetElapsedTime(queriesClock).TotalSeconds;
        await ingest.DisposeAsync();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Query load on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {keys:N0} keys over {windows} windows ({reports:N0} key-windows), " +
            $"List total over the hour {total:N0}, RSS {server.ResidentMiB:N0} MiB, filled at {reports / fillSeconds:N0} flows/s"));
        Console.WriteLine();
        Console.WriteLine("| Query | Runs | p50 | p99 | max | Idle gateway, p50 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, samples) in latencies)
        {
            var sorted = samples.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {sorted.Length} | {Percentile(sorted, 50):N0} ms | {Percentile(sorted, 99):N0} ms | {sorted[^1]:N0} ms | {Percentile([.. idle[name].Order()], 50):N0} ms |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ingest ({LiveNodes} nodes × 8 in flight into the current window, the same keys): {quiet:N0} flows/s without queries, {busy:N0} flows/s while they ran ({busy / quiet:P0})."));
        return total == keys ? 0 : 1;
    }

    /// <summary>List in every sort over the hour and the last 5 minutes, FilterHints and Statistics, back to back.</summary>
    private static async Task RoundAsync(Flows.FlowsClient flows, Statistics.StatisticsClient statistics, Dictionary<string, List<double>> latencies)
    {
        foreach (var sort in Enum.GetValues<SortBy>())
        {
            await TimeAsync(latencies, "List, whole hour, page of 100", () => flows.ListAsync(new FlowListRequest
                { StartTimeGte = -3600, PageSize = 100, SortBy = { new SortOption { SortBy = sort } } }).ResponseAsync);
            await TimeAsync(latencies, "List, last 5 minutes, page of 100", () => flows.ListAsync(new FlowListRequest
                { StartTimeGte = -300, PageSize = 100, SortBy = { new SortOption { SortBy = sort } } }).ResponseAsync);
        }

        await TimeAsync(latencies, "FilterHints (dest names), whole hour, page of 100", () => flows.FilterHintsAsync(new FilterHintsRequest
            { Type = FilterType.DestName, StartTimeGte = -3600, PageSize = 100 }).ResponseAsync);
        await TimeAsync(latencies, "Statistics (packets by policy), whole hour", async () =>
        {
            using var call = statistics.List(new StatisticsRequest { StartTimeGte = -3600, Type = StatisticType.PacketCount, GroupBy = StatisticsGroupBy.Policy });
            var count = 0;
            while (await call.ResponseStream.MoveNext()) count++;
            return count;
        });
    }

    /// <summary>One node's share of the fill: its keys (k % 100 == node) in the windows each key belongs to, oldest window first.</summary>
    private static IEnumerable<byte[]> Fill(int node, int keys, int windows, long first)
    {
        var update = LiveIngest.Template();
        for (var w = 0; w < windows; w++)
        {
            for (var k = node; k < keys; k += Nodes)
            {
                if ((k * 31 + w * 17) % 4 != 0) continue;
                yield return LiveIngest.Encode(update, k, first + (w * Width) + 1);
            }
        }
    }

    private static async Task TimeAsync<T>(Dictionary<string, List<double>> latencies, string name, Func<Task<T>> query)
    {
        var clock = Stopwatch.GetTimestamp();
        await query();
        if (!latencies.TryGetValue(name, out var samples)) latencies[name] = samples = [];
        samples.Add(Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
    }

    private static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
