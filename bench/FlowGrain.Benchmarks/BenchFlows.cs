using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Benchmarks;

/// <summary>Realistic reports for the benchmarks: pod-to-pod keys with a policy trace and labels.</summary>
public static class BenchFlows
{
    public const long Epoch = 1_800_000_000;

    // Names are built once: the benchmark creates keys, as deserialization does, but not strings.
    private static readonly string[] Names = [.. Enumerable.Range(0, 100_000).Select(i => $"db-{i}-*")];

    /// <summary>Reports with <paramref name="count"/> distinct keys; new key objects each call, so their ids are computed afresh.</summary>
    public static FlowReport[] Reports(int count, long start, string node = "node-1", int keyOffset = 0)
    {
        var reports = new FlowReport[count];
        for (var i = 0; i < count; i++)
        {
            var k = i + keyOffset;
            var key = new FlowKey
            {
                SourceNamespace = "shop",
                SourceName = $"api-{k % 50}-*",
                SourceType = EndpointType.WorkloadEndpoint,
                DestNamespace = $"ns-{k % 20}",
                DestName = Names[k % Names.Length],
                DestType = EndpointType.WorkloadEndpoint,
                DestPort = 5000 + (k / 10_000),
                Proto = "tcp",
                Reporter = Reporter.Src,
                Action = k % 7 == 0 ? FlowAction.Deny : FlowAction.Allow,
                Policies = PolicyTrace.Canonical(
                    [new PolicyHit(PolicyKind.GlobalNetworkPolicy, "", "security.baseline", "security", FlowAction.Pass, 0, 0),
                     new PolicyHit(PolicyKind.NetworkPolicy, $"ns-{k % 20}", "allow-api", "default", FlowAction.Allow, 1, 0)],
                    []),
            };
            reports[i] = new FlowReport(node, key, start, start,
                LabelSet.Of(["app=api", "team=shop", $"replica={k % 3}"]), LabelSet.Of(["app=db"]),
                new FlowCounters(10, 12, 1_000, 1_400, 1, 1, 0));
        }

        return reports;
    }
}
