using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>Reports for cluster tests: distinct keys of one owner (Src-reported from the owner's namespace).</summary>
internal static class ClusterReports
{
    public static FlowReportBatch Batch(string owner, long start, int count, string node = "node-1", int firstKey = 0) => new(
    [
        .. Enumerable.Range(firstKey, count).Select(i => new FlowReport(
            node,
            new FlowKey { SourceNamespace = owner, SourceName = $"app-{i}-*", DestNamespace = "db", DestName = "pg-*", DestPort = 5432, Proto = "tcp", Reporter = Reporter.Src, Action = FlowAction.Allow },
            start, start, LabelSet.Of(["app=x"]), LabelSet.Empty, new FlowCounters(1, 1, 100, 100, 1, 1, 0))),
    ]);

    public static ImmutableArray<string> Owners(this IEnumerable<FlowReport> reports) => [.. reports.Select(r => r.Key.Owner).Distinct()];
}
