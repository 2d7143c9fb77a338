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
    private const int Namespaces = 8;
    private const long Width = 15;
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(ServerProcess server, int port, int keys, int windows, int rounds)
    {
        var address = $"http://127.0.0.1:{port}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = (now / Width * Width) - ((windows - 1) * Width);
        var reports = (long)keys * windows / 4;
        Console.Error.WriteLine($"query-load: filling {keys:N0} keys × {windows} windows (each key in a quarter): {reports:N0} reports …");

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Nodes).Select(node => Task.Run(() =>
            SendAsync(address, $"ql-node-{node}", Fill(node, keys, windows, first), inflight: 32, CancellationToken.None))));
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
        using var stopIngest = new CancellationTokenSource();
        var ingested = new long[1];
        var ingest = Task.WhenAll(Enumerable.Range(0, LiveNodes).Select(node => Task.Run(() =>
            LiveAsync(address, node, keys, ingested, stopIngest.Token))));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var quiet = await RateAsync(ingested, QuietPeriod);

        var latencies = new Dictionary<string, List<double>>();
        var queriesStarted = Interlocked.Read(ref ingested[0]);
        var queriesClock = Stopwatch.GetTimestamp();
        // At least the given rounds, and at least as long as the quiet measurement, so the two rates compare like for like.
        for (var round = 0; round < rounds || Stopwatch.GetElapsedTime(queriesClock) < QuietPeriod; round++)
        {
            await RoundAsync(flows, statistics, latencies);
        }

        var busy = (Interlocked.Read(ref ingested[0]) - queriesStarted) / Stopwatch.GetElapsedTime(queriesClock).TotalSeconds;
        await stopIngest.CancelAsync();
        await ingest;

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
        var update = Template();
        for (var w = 0; w < windows; w++)
        {
            for (var k = node; k < keys; k += Nodes)
            {
                if ((k * 31 + w * 17) % 4 != 0) continue;
                yield return Encode(update, k, first + (w * Width) + 1);
            }
        }
    }

    /// <summary>
    /// Live reports of the same keys into the current window until stopped: each pass over this node's share of the
    /// keys is a new stream under a new node name, as many nodes report the same flows, so none is a replay.
    /// </summary>
    private static async Task LiveAsync(string address, int node, int keys, long[] sent, CancellationToken stop)
    {
        for (var pass = 0; !stop.IsCancellationRequested; pass++)
        {
            await SendAsync(address, $"ql-live-{node}-{pass}", Live(node, keys, sent), inflight: 8, stop);
        }
    }

    private static IEnumerable<byte[]> Live(int node, int keys, long[] sent)
    {
        var update = Template();
        for (var k = node; k < keys; k += LiveNodes)
        {
            Interlocked.Increment(ref sent[0]);
            yield return Encode(update, k, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }
    }

    private static byte[] Encode(FlowUpdate update, int k, long start)
    {
        var key = update.Flow.Key;
        key.SourceNamespace = key.DestNamespace = $"ql-ns{k % Namespaces}";
        key.SourceName = $"api-{k % 200}-*";
        key.DestName = $"db-{k / 200}-*";
        key.Policies.EnforcedPolicies[0].Namespace = key.SourceNamespace;
        update.Flow.StartTime = start;
        update.Flow.EndTime = start + 1;
        return update.ToByteArray();
    }

    private static FlowUpdate Template() => new()
    {
        Flow = new Flow
        {
            Key = new FlowKey
            {
                SourceType = EndpointType.WorkloadEndpoint, DestType = EndpointType.WorkloadEndpoint, DestPort = 5432, Proto = "tcp",
                Reporter = Reporter.Src, Action = FlowGrain.Protocol.Action.Allow,
                Policies = new PolicyTrace
                {
                    EnforcedPolicies = { new PolicyHit { Kind = PolicyKind.CalicoNetworkPolicy, Name = "allow-db", Tier = "default", Action = FlowGrain.Protocol.Action.Allow } },
                },
            },
            PacketsIn = 1, PacketsOut = 1, BytesIn = 100, BytesOut = 100, NumConnectionsStarted = 1,
            SourceLabels = { "app=api" }, DestLabels = { "app=db" },
        },
    };

    /// <summary>One node's stream with at most <paramref name="inflight"/> updates awaiting receipts, until the updates end or it is stopped.</summary>
    private static async Task SendAsync(string address, string node, IEnumerable<byte[]> updates, int inflight, CancellationToken stop)
    {
        using var channel = GrpcChannel.ForAddress(address);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(LeanReplay.Connect, null,
            new CallOptions(new Metadata { { "x-flowgrain-node", node } }));
        using var window = new SemaphoreSlim(inflight, inflight);
        var receipts = Task.Run(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None)) window.Release();
        }, CancellationToken.None);
        try
        {
            foreach (var update in updates)
            {
                await window.WaitAsync(stop);
                await call.RequestStream.WriteAsync(update, stop);
            }

            await call.RequestStream.CompleteAsync();
            await receipts;
        }
        catch (Exception ex) when (stop.IsCancellationRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // The live ingest ends with the measurement.
        }
    }

    private static async Task<double> RateAsync(long[] counter, TimeSpan over)
    {
        var before = Interlocked.Read(ref counter[0]);
        var clock = Stopwatch.GetTimestamp();
        await Task.Delay(over);
        return (Interlocked.Read(ref counter[0]) - before) / Stopwatch.GetElapsedTime(clock).TotalSeconds;
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
