using System.Collections.Concurrent;
using System.Diagnostics;
using FlowGrain.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace FlowGrain.SideBySide;

/// <summary>
/// A client that costs the server's machine as little as possible: every update is encoded before the clock starts,
/// and each node only writes bytes and counts receipts. What it sent is known exactly, so FlowGrain's totals are
/// checked against it afterwards (distinct keys and packets, through Flows.List).
/// </summary>
internal static class LeanReplay
{
    internal static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    internal static readonly Method<byte[], FlowReceipt> Connect = new(MethodType.DuplexStreaming, "goldmane.FlowCollector", "Connect",
        Bytes, Marshallers.Create<FlowReceipt>(_ => [], _ => new FlowReceipt()));

    public static async Task<Measurement> RunAsync(IServerUnderTest server, string mode, int port, int nodes, int inflight, int flows, string tag, bool verify,
        int namespaces = 8)
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5;
        var perNode = Enumerable.Range(0, nodes).Select(n => Encode(tag, n, flows / nodes, start, namespaces)).ToArray();
        var keys = perNode.SelectMany(updates => updates.Keys).Distinct(StringComparer.Ordinal).Count();
        var latencies = new ConcurrentBag<double[]>();

        var address = $"http://127.0.0.1:{port}";
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = null });
        // One connection per node, as every Felix has its own: streams of one HTTP/2 connection share its frame loop.
        var nodeChannels = perNode.Select(_ => GrpcChannel.ForAddress(address)).ToArray();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(perNode.Select((updates, n) => Task.Run(async () => latencies.Add(await SendAsync(nodeChannels[n], $"{tag}-node-{n}", updates.Bytes, inflight)))));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        foreach (var nodeChannel in nodeChannels) nodeChannel.Dispose();

        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        var sent = perNode.Sum(u => u.Bytes.Length);
        var verified = verify ? await VerifyAsync(channel, tag, keys, sent) : "—";
        return new Measurement(server.Name, mode, sorted.Length, sorted.Length / seconds,
            Percentile(sorted, 50), Percentile(sorted, 99), server.ResidentMiB, verified);
    }

    /// <summary>One node's stream: at most <paramref name="inflight"/> updates without a receipt; returns each receipt's latency in ms.</summary>
    private static async Task<double[]> SendAsync(GrpcChannel channel, string node, byte[][] updates, int inflight)
    {
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(Connect, null, new CallOptions(new Metadata { { "x-flowgrain-node", node } }));
        var window = new SemaphoreSlim(inflight, inflight);
        var sentAt = new ConcurrentQueue<long>();
        var latencies = new double[updates.Length];
        var receipts = Task.Run(async () =>
        {
            for (var i = 0; i < updates.Length; i++)
            {
                if (!await call.ResponseStream.MoveNext(CancellationToken.None)) throw new InvalidOperationException($"{node}: the stream ended after {i} receipts.");
                sentAt.TryDequeue(out var at);
                latencies[i] = Stopwatch.GetElapsedTime(at).TotalMilliseconds;
                window.Release();
            }
        });

        foreach (var update in updates)
        {
            await window.WaitAsync();
            sentAt.Enqueue(Stopwatch.GetTimestamp());
            await call.RequestStream.WriteAsync(update);
        }

        await receipts;
        await call.RequestStream.CompleteAsync();
        return latencies;
    }

    /// <summary>Distinct keys and packets FlowGrain holds for this run's namespaces, against what was sent (one packet per update).</summary>
    private static async Task<string> VerifyAsync(GrpcChannel channel, string tag, int keys, long packets)
    {
        var flows = new Flows.FlowsClient(channel);
        var filter = new Filter { SourceNamespaces = { new StringMatch { Value = tag + "-", Type = MatchType.Fuzzy } } };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var result = await flows.ListAsync(new FlowListRequest { StartTimeGte = -3600, Filter = filter });
            var held = result.Flows.Sum(f => f.Flow.PacketsIn);
            if (result.Meta.TotalResults == keys && held == packets) return "exact";
            // Receipts come before the owners have the flows: wait until the batches have landed.
            if (DateTime.UtcNow > deadline) return $"FAILED: {result.Meta.TotalResults} keys and {held} packets, sent {keys} keys and {packets} packets";
            await Task.Delay(500);
        }
    }

    private static (byte[][] Bytes, string[] Keys) Encode(string tag, int node, int count, long start, int namespaces)
    {
        var bytes = new byte[count][];
        var keys = new string[count];
        for (var i = 0; i < count; i++)
        {
            // Keys repeat across nodes (as both ends of a flow report it), so the owners aggregate as well as insert;
            // within a node each key is sent once, or the node's own replay protection would (rightly) drop it.
            var k = (i + (node * 7_919)) % Math.Max(20_000, count);
            var ns = $"{tag}-ns{k % namespaces}";
            var source = $"api-{k % 200}-*";
            var dest = $"db-{k / 200}-*";
            keys[i] = $"{ns}/{source}>{dest}";
            bytes[i] = new FlowUpdate
            {
                Flow = new Flow
                {
                    Key = new FlowKey
                    {
                        SourceNamespace = ns, SourceName = source, SourceType = EndpointType.WorkloadEndpoint,
                        DestNamespace = ns, DestName = dest, DestType = EndpointType.WorkloadEndpoint,
                        DestPort = 5432, Proto = "tcp", Reporter = Reporter.Src, Action = FlowGrain.Protocol.Action.Allow,
                        Policies = new PolicyTrace
                        {
                            EnforcedPolicies = { new PolicyHit { Kind = PolicyKind.CalicoNetworkPolicy, Namespace = ns, Name = "allow-db", Tier = "default", Action = FlowGrain.Protocol.Action.Allow } },
                        },
                    },
                    StartTime = start, EndTime = start + 1, PacketsIn = 1, PacketsOut = 1, BytesIn = 100, BytesOut = 100,
                    NumConnectionsStarted = 1, SourceLabels = { "app=api" }, DestLabels = { "app=db" },
                },
            }.ToByteArray();
        }

        return (bytes, keys);
    }

    private static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
