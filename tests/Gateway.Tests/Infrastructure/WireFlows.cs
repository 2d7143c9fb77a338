using FlowGrain.Protocol;
using Action = FlowGrain.Protocol.Action;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>Builds goldmane flow updates for tests: sensible defaults, every field overridable.</summary>
public static class WireFlows
{
    public static FlowUpdate Update(
        string sourceNamespace, string sourceName, string destNamespace, string destName, long start,
        Reporter reporter = Reporter.Src, Action action = Action.Allow, long destPort = 8080, string proto = "tcp",
        long bytesIn = 100, long bytesOut = 200, long packetsIn = 1, long packetsOut = 2,
        long started = 1, long completed = 1, long live = 0,
        string[]? sourceLabels = null, string[]? destLabels = null,
        PolicyHit[]? enforced = null, PolicyHit[]? pending = null,
        EndpointType sourceType = EndpointType.WorkloadEndpoint, EndpointType destType = EndpointType.WorkloadEndpoint) => new()
    {
        Flow = new Flow
        {
            Key = new FlowKey
            {
                SourceNamespace = sourceNamespace,
                SourceName = sourceName,
                SourceType = sourceType,
                DestNamespace = destNamespace,
                DestName = destName,
                DestType = destType,
                DestPort = destPort,
                Proto = proto,
                Reporter = reporter,
                Action = action,
                Policies = new PolicyTrace { EnforcedPolicies = { enforced ?? [] }, PendingPolicies = { pending ?? [] } },
            },
            StartTime = start,
            EndTime = start,
            SourceLabels = { sourceLabels ?? [] },
            DestLabels = { destLabels ?? [] },
            BytesIn = bytesIn,
            BytesOut = bytesOut,
            PacketsIn = packetsIn,
            PacketsOut = packetsOut,
            NumConnectionsStarted = started,
            NumConnectionsCompleted = completed,
            NumConnectionsLive = live,
        },
    };

    public static PolicyHit Hit(PolicyKind kind, string ns, string name, string tier, Action action, long index = 0, long rule = 0, PolicyHit? trigger = null) => new()
    {
        Kind = kind,
        Namespace = ns,
        Name = name,
        Tier = tier,
        Action = action,
        PolicyIndex = index,
        RuleIndex = rule,
        Trigger = trigger,
    };

    public static StringMatch Exact(string value) => new() { Value = value, Type = MatchType.Exact };

    public static StringMatch Fuzzy(string value) => new() { Value = value, Type = MatchType.Fuzzy };
}
