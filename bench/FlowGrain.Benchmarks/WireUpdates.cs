using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Collector;
using FlowGrain.Protocol;
using Google.Protobuf;

namespace FlowGrain.Benchmarks;

/// <summary>Flow updates as Felix puts them on the wire, and their way back as the collector takes them.</summary>
internal static class WireUpdates
{
    /// <summary>The realistic flow <paramref name="k"/> of the other benchmarks, reported in <paramref name="sourceNamespace"/>.</summary>
    public static byte[] Encode(int k, string sourceNamespace, long start) => new FlowUpdate
    {
        Flow = new Flow
        {
            Key = new Protocol.FlowKey
            {
                SourceNamespace = sourceNamespace,
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
            StartTime = start,
            EndTime = start + 1,
            SourceLabels = { "app=api", "team=shop", $"replica={k % 3}" },
            DestLabels = { "app=db" },
            PacketsIn = 10, PacketsOut = 12, BytesIn = 1_000, BytesOut = 1_400, NumConnectionsStarted = 1, NumConnectionsCompleted = 1,
        },
    }.ToByteArray();

    /// <summary>Decodes, validates and canonicalises an update as the collector does.</summary>
    public static FlowReport Decode(byte[] bytes, string node, long now)
    {
        var validation = FlowUpdateValidator.Validate(FlowUpdate.Parser.ParseFrom(bytes), node, now);
        return validation.Report ?? throw new InvalidOperationException(validation.Detail);
    }
}
