using System.Collections.Immutable;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Console.Tests.Unit;

/// <summary>Builds domain flows for unit tests: sensible defaults, the fields a test cares about as arguments.</summary>
public static class Flows
{
    public static AggregatedFlow Flow(string source = "api", long start = 1_800_000_000, long bytes = 100, string sourceNs = "shop",
        string destNs = "db", string dest = "postgres", Reporter reporter = Reporter.Src, FlowAction action = FlowAction.Allow,
        long port = 5432, EndpointType destType = EndpointType.WorkloadEndpoint, PolicyTrace? policies = null) => new(
        new FlowKey
        {
            SourceNamespace = sourceNs,
            SourceName = source,
            SourceType = EndpointType.WorkloadEndpoint,
            DestNamespace = destNs,
            DestName = dest,
            DestType = destType,
            DestPort = port,
            Proto = "tcp",
            Reporter = reporter,
            Action = action,
            Policies = policies ?? PolicyTrace.Empty,
        },
        start,
        start + 15,
        LabelSet.Of(["app=" + source]),
        LabelSet.Of(["app=" + dest]),
        new FlowCounters(1, 1, bytes / 2, bytes - (bytes / 2), 1, 0, 0));

    public static FeedWindow Window(FeedWindowState state, params AggregatedFlow[] flows) =>
        new("shop", flows.Length > 0 ? flows[0].Start : 0, state, [.. flows]);

    public static ImmutableArray<AggregatedFlow> Rows(params AggregatedFlow[] flows) => [.. flows];
}
