using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace FlowGrain.SideBySide;

/// <summary>
/// Live viewers at scale: while ingest goes on, <c>viewers</c> Server-Sent Events streams with provisional rows and
/// mixed filters watch one gateway, each from its own loopback address as browsers on other machines would. Probe
/// flows with unique names are reported twice a second; every viewer whose filter matches a probe must show it, and
/// the time from the probe's receipt to its provisional row on each viewer is the delivery lag. Ingest is measured
/// without viewers and with them.
/// </summary>
internal static class FanOut
{
    private const int LiveNodes = 20;

    // A cluster of 64 namespaces, of which each probe tick reports into 8 (every namespace in turn, every 4 s).
    private const int Namespaces = 64;
    private const int ProbesPerTick = 8;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Straggle = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(IServerUnderTest server, int grpcPort, int httpPort, int viewerCount, int keys)
    {
        var address = $"http://127.0.0.1:{grpcPort}";
        await using var ingest = LiveIngest.Start(address, LiveNodes, keys, "fo-live", Namespaces);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var quiet = await ingest.RateAsync(Period);
        var quietRss = server.ResidentMiB;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fan-out: ingest {quiet:N0} flows/s without viewers; opening {viewerCount:N0} viewers …"));
        // (the rate without viewers is taken again after them, and the two averaged)

        var probes = new ConcurrentDictionary<int, long>();
        using var stop = new CancellationTokenSource();
        using var http = ViewerClient();
        var viewers = Enumerable.Range(0, viewerCount).Select(i => new Viewer(i, probes)).ToArray();
        var watching = viewers.Select(v => Task.Run(() => v.WatchAsync(http, httpPort, stop.Token))).ToArray();
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        while (viewers.Count(v => v.Connected) < viewerCount && Stopwatch.GetTimestamp() < deadline && watching.All(t => !t.IsFaulted))
        {
            await Task.Delay(200);
        }

        var connected = viewers.Count(v => v.Connected);
        Console.Error.WriteLine($"fan-out: {connected:N0} of {viewerCount:N0} viewers watching; probing for {Period.TotalSeconds:0} s …");
        await Task.Delay(TimeSpan.FromSeconds(3));

        var probing = Stopwatch.GetTimestamp();
        var before = ingest.Sent;
        var sent = await ProbeAsync(address, probes, Period);
        var busy = (ingest.Sent - before) / Stopwatch.GetElapsedTime(probing).TotalSeconds;
        var busyRss = server.ResidentMiB;
        await Task.Delay(Straggle);
        await stop.CancelAsync();
        await Task.WhenAll(watching);

        // Without viewers again: the machine's speed drifts, so the rate without them is taken on both sides.
        await Task.Delay(TimeSpan.FromSeconds(5));
        quiet = (quiet + await ingest.RateAsync(Period)) / 2;

        var expected = viewers.Sum(v => sent.Count(v.Matches));
        var lags = viewers.SelectMany(v => v.Lags).Order().ToArray();
        var missing = expected - lags.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Fan-out on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {connected:N0} SSE viewers with provisional rows " +
            $"(2 % unfiltered, 48 % one namespace, 30 % one name, 20 % a namespace and an action), {keys:N0} keys in {Namespaces} namespaces reported by {LiveNodes} nodes × 8 in flight:"));
        Console.WriteLine();
        Console.WriteLine("| Viewers | Probe rows due | Shown | Lag p50 | Lag p99 | Lag max | Ingest without / with viewers | RSS without / with |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {connected:N0} | {expected:N0} | {lags.Length:N0} | {Percentile(lags, 50):N0} ms | {Percentile(lags, 99):N0} ms | {(lags.Length > 0 ? lags[^1] : 0):N0} ms | " +
            $"{quiet:N0} / {busy:N0} flows/s ({busy / quiet:P0}) | {quietRss:N0} / {busyRss:N0} MiB |"));
        return connected == viewerCount && missing == 0 ? 0 : 1;
    }

    /// <summary>Every <see cref="ProbeEvery"/>, one probe per namespace with a name of its own; returns what was sent.</summary>
    private static async Task<List<Probe>> ProbeAsync(string address, ConcurrentDictionary<int, long> sentAt, TimeSpan period)
    {
        var sent = new List<Probe>();
        var update = LiveIngest.Template();
        var clock = Stopwatch.StartNew();
        for (var tick = 0; clock.Elapsed < period; tick++)
        {
            var batch = Enumerable.Range(0, ProbesPerTick)
                .Select(i => new Probe((tick * ProbesPerTick) + i, LiveIngest.NamespaceOf(((tick * ProbesPerTick) + i) % Namespaces))).ToList();
            var encoded = batch.Select(probe =>
            {
                var flow = FlowGrain.Protocol.FlowUpdate.Parser.ParseFrom(LiveIngest.Encode(update, 0, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
                flow.Flow.Key.SourceNamespace = flow.Flow.Key.DestNamespace = probe.Ns;
                flow.Flow.Key.DestName = $"probe-{probe.Seq}-*";
                return Google.Protobuf.MessageExtensions.ToByteArray(flow);
            }).ToList();
            var at = Stopwatch.GetTimestamp();
            foreach (var probe in batch) sentAt[probe.Seq] = at;
            // Stop-and-wait, as Felix: the receipts of the batch come before it counts as sent.
            await LiveIngest.SendAsync(address, "fo-probe", encoded, inflight: 1, CancellationToken.None);
            sent.AddRange(batch);
            var next = TimeSpan.FromTicks(ProbeEvery.Ticks * (tick + 1)) - clock.Elapsed;
            if (next > TimeSpan.Zero) await Task.Delay(next);
        }

        return sent;
    }

    private static HttpClient ViewerClient() => new(new SocketsHttpHandler
    {
        // Each viewer connects from its own loopback address (127.0.1.x), as viewers on other machines would: the
        // gateway's per-client limits count by address.
        ConnectCallback = async (context, token) =>
        {
            var source = context.InitialRequestMessage.Options.TryGetValue(Viewer.Source, out var address) ? address : IPAddress.Loopback;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed record Probe(int Seq, string Ns);

    /// <summary>One viewer: its filter, its stream, and when each probe it should show reached it.</summary>
    private sealed class Viewer(int index, ConcurrentDictionary<int, long> probeSentAt)
    {
        public static readonly HttpRequestOptionsKey<IPAddress> Source = new("viewer-source");

        private readonly ConcurrentDictionary<int, double> _seen = new();
        private readonly string _ns = LiveIngest.NamespaceOf(index % Namespaces);

        public bool Connected { get; private set; }

        public IEnumerable<double> Lags => _seen.Values;

        /// <summary>2 % see everything, 48 % one namespace, 30 % one workload's name, 20 % a namespace's allowed flows.</summary>
        private int Kind => (index % 50) switch { 0 => 0, <= 24 => 1, <= 39 => 2, _ => 3 };

        public bool Matches(Probe probe) => Kind is 0 or 2 || probe.Ns == _ns;

        public async Task WatchAsync(HttpClient http, int port, CancellationToken stop)
        {
            var filters = Kind switch
            {
                0 => "{}",
                1 => $$"""{"source_namespaces":[{"value":"{{_ns}}"}]}""",
                2 => """{"dest_names":[{"value":"probe","type":"Fuzzy"}]}""",
                _ => $$"""{"source_namespaces":[{"value":"{{_ns}}"}],"actions":["Allow"]}""",
            };
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"http://127.0.0.1:{port}/whisker-backend/flows?watch=true&provisional=true&filters={Uri.EscapeDataString(filters)}");
            request.Options.Set(Source, new IPAddress([127, 0, 1, (byte)(1 + (index % 250))]));
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                response.EnsureSuccessStatusCode();
                Connected = true;
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
                var provisional = false;
                while (await reader.ReadLineAsync(stop) is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal)) provisional = line == "event: provisional";
                    else if (line.Length == 0) provisional = false;
                    else if (provisional && line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"dest_name\":\"probe-", StringComparison.Ordinal)) Seen(line);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The measurement is over.
            }
        }

        private void Seen(string line)
        {
            var name = JsonDocument.Parse(line.AsMemory(6)).RootElement.GetProperty("dest_name").GetString()!;
            var seq = int.Parse(name.Split('-')[1], CultureInfo.InvariantCulture);
            if (probeSentAt.TryGetValue(seq, out var at)) _seen.TryAdd(seq, Stopwatch.GetElapsedTime(at).TotalMilliseconds);
        }
    }
}
