using BenchmarkDotNet.Attributes;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Time;
using FlowGrain.Gateway.Collector;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Protocol;
using Google.Protobuf;

namespace FlowGrain.Benchmarks;

/// <summary>
/// The engine ceiling: what one core does per flow with no network and no Orleans — decode the FlowUpdate bytes,
/// validate and canonicalise them into a report, aggregate the batch in its window. The gateway and grains add
/// HTTP/2, queues and grain calls on top of exactly this.
/// </summary>
[MemoryDiagnoser]
public class EngineCeilingBenchmarks
{
    private const int BatchSize = 2_000;

    private byte[][] _updates = [];

    [GlobalSetup]
    public void EncodeUpdates() => _updates = [.. Enumerable.Range(0, BatchSize).Select(Encode)];

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public IngestReceipt DecodeValidateAggregate()
    {
        var reports = new List<FlowReport>(BatchSize);
        foreach (var bytes in _updates)
        {
            var validation = FlowUpdateValidator.Validate(FlowUpdate.Parser.ParseFrom(bytes), "node-1", BenchFlows.Epoch + 16);
            reports.Add(validation.Report ?? throw new InvalidOperationException(validation.Detail));
        }

        return new FlowRing(new WindowGrid(new AggregationOptions())).Ingest(reports, BenchFlows.Epoch + 16);
    }

    /// <summary>The same realistic flows as the other benchmarks, as Felix puts them on the wire.</summary>
    private static byte[] Encode(int k) => new FlowUpdate
    {
        Flow = new Flow
        {
            Key = new Protocol.FlowKey
            {
                SourceNamespace = "shop",
                SourceName = $"api-{k % 50}-*",
                SourceType = Protocol.EndpointType.WorkloadEndpoint,
                DestNamespace = $"ns-{k % 20}",
                DestName = $"db-{k}-*",
                DestType = Protocol.EndpointType.WorkloadEndpoint,
                DestPort = 5000,
                Proto = "tcp",
                Reporter = Protocol.Reporter.Src,
                Action = k % 7 == 0 ? Protocol.Action.Deny : Protocol.Action.Allow,
                Policies = new Protocol.PolicyTrace
                {
                    EnforcedPolicies =
                    {
                        new Protocol.PolicyHit { Kind = Protocol.PolicyKind.GlobalNetworkPolicy, Name = "security.baseline", Tier = "security", Action = Protocol.Action.Pass },
                        new Protocol.PolicyHit { Kind = Protocol.PolicyKind.CalicoNetworkPolicy, Namespace = $"ns-{k % 20}", Name = "allow-api", Tier = "default", Action = Protocol.Action.Allow, PolicyIndex = 1 },
                    },
                },
            },
            StartTime = BenchFlows.Epoch + 1,
            EndTime = BenchFlows.Epoch + 2,
            SourceLabels = { "app=api", "team=shop", $"replica={k % 3}" },
            DestLabels = { "app=db" },
            PacketsIn = 10, PacketsOut = 12, BytesIn = 1_000, BytesOut = 1_400, NumConnectionsStarted = 1, NumConnectionsCompleted = 1,
        },
    }.ToByteArray();
}
