using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Grains.Tests;

/// <summary>Short builders for keys, hits, reports, windows and filters, with defaults that tests override by name.</summary>
internal static class TestFlows
{
    /// <summary>A window start on the default 15 s grid (and on a 60 s grid too): 1 800 000 000 = 120 000 000 × 15.</summary>
    public const long T0 = 1_800_000_000;

    public const long Width = 15;

    public static FlowKey Key(
        string source = "client-*",
        string sourceNs = "app",
        EndpointType sourceType = EndpointType.WorkloadEndpoint,
        string dest = "server-*",
        string destNs = "app",
        EndpointType destType = EndpointType.WorkloadEndpoint,
        long port = 443,
        string proto = "tcp",
        Reporter reporter = Reporter.Src,
        FlowAction action = FlowAction.Allow,
        string service = "",
        string serviceNs = "",
        string servicePortName = "",
        long servicePort = 0,
        PolicyTrace? policies = null) => new()
    {
        SourceName = source,
        SourceNamespace = sourceNs,
        SourceType = sourceType,
        DestName = dest,
        DestNamespace = destNs,
        DestType = destType,
        DestPort = port,
        Proto = proto,
        Reporter = reporter,
        Action = action,
        DestServiceName = service,
        DestServiceNamespace = serviceNs,
        DestServicePortName = servicePortName,
        DestServicePort = servicePort,
        Policies = policies ?? PolicyTrace.Empty,
    };

    public static PolicyHit Hit(
        string name,
        string ns = "app",
        string tier = "default",
        FlowAction action = FlowAction.Allow,
        PolicyKind kind = PolicyKind.CalicoNetworkPolicy,
        long policyIndex = 0,
        long ruleIndex = 0) => new(kind, ns, name, tier, action, policyIndex, ruleIndex);

    /// <summary>An EndOfTier hit as Felix sends it: no name or namespace, rule -1, the selecting policy as trigger.</summary>
    public static PolicyHit EndOfTier(PolicyHit trigger, FlowAction action = FlowAction.Deny) =>
        new(PolicyKind.EndOfTier, "", "", trigger.Tier, action, trigger.PolicyIndex, -1, trigger);

    public static PolicyHit Profile(string name = "kns.app", FlowAction action = FlowAction.Allow) =>
        new(PolicyKind.Profile, "", name, "__PROFILE__", action, 0, 0);

    public static PolicyTrace Enforced(params PolicyHit[] hits) => PolicyTrace.Canonical(hits, []);

    public static PolicyTrace Pending(params PolicyHit[] hits) => PolicyTrace.Canonical([], hits);

    public static FlowCounters Counters(
        long packetsIn = 0,
        long packetsOut = 0,
        long bytesIn = 0,
        long bytesOut = 0,
        long started = 0,
        long completed = 0,
        long live = 0) => new(packetsIn, packetsOut, bytesIn, bytesOut, started, completed, live);

    public static LabelSet Labels(params string[] labels) => LabelSet.Of(labels);

    public static FlowReport Report(
        FlowKey key,
        long start,
        string node = "node-1",
        FlowCounters counters = default,
        LabelSet? sourceLabels = null,
        LabelSet? destLabels = null) =>
        new(node, key, start, start, sourceLabels ?? LabelSet.Empty, destLabels ?? LabelSet.Empty, counters);

    /// <summary>A report carrying only bytes_in, the counter most tests read back.</summary>
    public static FlowReport Bytes(FlowKey key, long start, long bytesIn, string node = "node-1") =>
        Report(key, start, node, Counters(bytesIn: bytesIn));

    /// <summary>A key's row in the window that starts at <paramref name="windowStart"/>.</summary>
    public static AggregatedFlow Flow(
        FlowKey key,
        long windowStart,
        FlowCounters counters = default,
        LabelSet? sourceLabels = null,
        LabelSet? destLabels = null) =>
        new(key, windowStart, windowStart + Width, sourceLabels ?? LabelSet.Empty, destLabels ?? LabelSet.Empty, counters);

    /// <summary>A closed window holding the given keys' rows.</summary>
    public static WindowView Window(long start, params AggregatedFlow[] flows) => new(start, start + Width, Closed: true, [.. flows]);

    /// <summary>A closed window where each key has the given counters.</summary>
    public static WindowView Window(long start, FlowCounters counters, params FlowKey[] keys) =>
        Window(start, [.. keys.Select(key => Flow(key, start, counters))]);

    public static FlowRing Ring(AggregationOptions? options = null) => new(new WindowGrid(options ?? new AggregationOptions()));

    public static StringMatch Exact(string value) => new(value, MatchType.Exact);

    public static StringMatch Fuzzy(string value) => new(value, MatchType.Fuzzy);

    public static PolicyMatch Policy(
        string name = "",
        string ns = "",
        string tier = "",
        PolicyKind kind = PolicyKind.Unspecified,
        FlowAction action = FlowAction.Unspecified) => new(kind, Exact(tier), Exact(ns), Exact(name), action);

    /// <summary>The bytes_in of each key's row in a window, by key.</summary>
    public static long BytesIn(WindowView window, FlowKey key) => window.Flows.Single(flow => flow.Key.Equals(key)).Counters.BytesIn;
}
