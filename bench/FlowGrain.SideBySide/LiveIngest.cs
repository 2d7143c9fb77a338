using System.Diagnostics;
using FlowGrain.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace FlowGrain.SideBySide;

/// <summary>
/// Reports of the same keys into the current window from <c>nodes</c> nodes, pipelined, until stopped: each pass over
/// a node's share of the keys is a new stream under a new node name, as many nodes report the same flows, so none is
/// a replay. The background load against which queries and viewers are measured; it counts what it sent.
/// </summary>
internal sealed class LiveIngest : IAsyncDisposable
{
    /// <summary>The namespaces keys spread over, unless a run asks for more.</summary>
    public const int DefaultNamespaces = 8;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _streams;
    private long _sent;

    private LiveIngest(string address, int nodes, int keys, int namespaces, string tag) =>
        _streams = Task.WhenAll(Enumerable.Range(0, nodes).Select(node => Task.Run(async () =>
        {
            for (var pass = 0; !_stop.IsCancellationRequested; pass++)
            {
                await SendAsync(address, $"{tag}-{node}-{pass}", Live(node, nodes, keys, namespaces), inflight: 8, _stop.Token);
            }
        })));

    public static LiveIngest Start(string address, int nodes, int keys, string tag, int namespaces = DefaultNamespaces) =>
        new(address, nodes, keys, namespaces, tag);

    /// <summary>Flows per second sent over <paramref name="over"/>.</summary>
    public async Task<double> RateAsync(TimeSpan over)
    {
        var before = Interlocked.Read(ref _sent);
        var clock = Stopwatch.GetTimestamp();
        await Task.Delay(over);
        return (Interlocked.Read(ref _sent) - before) / Stopwatch.GetElapsedTime(clock).TotalSeconds;
    }

    /// <summary>Flows sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _streams;
        _stop.Dispose();
    }

    /// <summary>One key's update, with a start time; keys spread over <paramref name="namespaces"/> namespaces.</summary>
    public static byte[] Encode(FlowUpdate update, int k, long start, int namespaces = DefaultNamespaces)
    {
        var key = update.Flow.Key;
        key.SourceNamespace = key.DestNamespace = NamespaceOf(k % namespaces);
        key.SourceName = $"api-{k % 200}-*";
        key.DestName = $"db-{k / 200}-*";
        key.Policies.EnforcedPolicies[0].Namespace = key.SourceNamespace;
        update.Flow.StartTime = start;
        update.Flow.EndTime = start + 1;
        return update.ToByteArray();
    }

    public static string NamespaceOf(int index) => $"ql-ns{index}";

    /// <summary>An allowed TCP flow between two workloads of one namespace, with a policy hit and labels.</summary>
    public static FlowUpdate Template() => new()
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
    public static async Task SendAsync(string address, string node, IEnumerable<byte[]> updates, int inflight, CancellationToken stop)
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

    private IEnumerable<byte[]> Live(int node, int nodes, int keys, int namespaces)
    {
        var update = Template();
        for (var k = node; k < keys; k += nodes)
        {
            Interlocked.Increment(ref _sent);
            yield return Encode(update, k, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), namespaces);
        }
    }
}
