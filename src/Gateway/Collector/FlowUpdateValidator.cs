using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Observability;
using Google.Protobuf.Collections;
using Goldmane = FlowGrain.Protocol;

namespace FlowGrain.Gateway.Collector;

/// <summary>
/// Turns one FlowUpdate into a canonical <see cref="FlowReport"/> or a rejection naming the field at fault.
/// Canonical means policy hits sorted, so the same flow from any Felix version has the same key.
/// </summary>
public static class FlowUpdateValidator
{
    public static FlowValidation Validate(Goldmane.FlowUpdate update, string node, long now)
    {
        try
        {
            return FlowValidation.Accepted(ToReport(update, node, now));
        }
        catch (RejectedFlow rejected)
        {
            return FlowValidation.Rejected(rejected.Reason, rejected.Message);
        }
    }

    private static FlowReport ToReport(Goldmane.FlowUpdate update, string node, long now)
    {
        var flow = update.Flow ?? throw new RejectedFlow(RejectionReason.MissingFlow, "flow is missing");
        var key = ToKey(flow.Key ?? throw new RejectedFlow(RejectionReason.MissingKey, "flow.Key is missing"));

        if (flow.StartTime <= 0)
            throw new RejectedFlow(RejectionReason.InvalidTime, $"flow.start_time {flow.StartTime} is not a Unix time");
        if (flow.StartTime > now + (long)FlowLimits.MaxClockSkew.TotalSeconds)
            throw new RejectedFlow(RejectionReason.InvalidTime, $"flow.start_time {flow.StartTime} is more than a day ahead of the gateway's clock ({now})");
        if (flow.EndTime < flow.StartTime)
            throw new RejectedFlow(RejectionReason.InvalidTime, $"flow.end_time {flow.EndTime} is before flow.start_time {flow.StartTime}");

        var counters = new FlowCounters(
            Counter(flow.PacketsIn, "packets_in"),
            Counter(flow.PacketsOut, "packets_out"),
            Counter(flow.BytesIn, "bytes_in"),
            Counter(flow.BytesOut, "bytes_out"),
            Counter(flow.NumConnectionsStarted, "num_connections_started"),
            Counter(flow.NumConnectionsCompleted, "num_connections_completed"),
            Counter(flow.NumConnectionsLive, "num_connections_live"));

        return new FlowReport(node, key, flow.StartTime, flow.EndTime,
            Labels(flow.SourceLabels, "source_labels"), Labels(flow.DestLabels, "dest_labels"), counters);
    }

    private static FlowKey ToKey(Goldmane.FlowKey key)
    {
        var reporter = Defined<Reporter>((int)key.Reporter, "Key.reporter");
        if (reporter == Reporter.Unspecified)
            throw new RejectedFlow(RejectionReason.MissingReporter, "Key.reporter must be Src or Dst");
        var action = Defined<FlowAction>((int)key.Action, "Key.action");
        if (action == FlowAction.Unspecified)
            throw new RejectedFlow(RejectionReason.MissingAction, "Key.action must be Allow, Deny or Pass");

        return new FlowKey
        {
            SourceName = Text(key.SourceName, "Key.source_name"),
            SourceNamespace = Text(key.SourceNamespace, "Key.source_namespace"),
            SourceType = Defined<EndpointType>((int)key.SourceType, "Key.source_type"),
            DestName = Text(key.DestName, "Key.dest_name"),
            DestNamespace = Text(key.DestNamespace, "Key.dest_namespace"),
            DestType = Defined<EndpointType>((int)key.DestType, "Key.dest_type"),
            DestPort = Port(key.DestPort, "Key.dest_port"),
            DestServiceName = Text(key.DestServiceName, "Key.dest_service_name"),
            DestServiceNamespace = Text(key.DestServiceNamespace, "Key.dest_service_namespace"),
            DestServicePortName = Text(key.DestServicePortName, "Key.dest_service_port_name"),
            DestServicePort = Port(key.DestServicePort, "Key.dest_service_port"),
            Proto = Text(key.Proto, "Key.proto"),
            Reporter = reporter,
            Action = action,
            Policies = PolicyTrace.Canonical(
                Hits(key.Policies?.EnforcedPolicies, "Key.policies.enforced_policies"),
                Hits(key.Policies?.PendingPolicies, "Key.policies.pending_policies")),
        };
    }

    private static PolicyHit[] Hits(RepeatedField<Goldmane.PolicyHit>? hits, string path)
    {
        if (hits is null || hits.Count == 0) return [];
        if (hits.Count > FlowLimits.MaxPolicyHits)
            throw new RejectedFlow(RejectionReason.TooManyPolicyHits, $"{path} has {hits.Count} hits, at most {FlowLimits.MaxPolicyHits} are accepted");
        var result = new PolicyHit[hits.Count];
        for (var i = 0; i < result.Length; i++) result[i] = Hit(hits[i], new HitPath(path, i, 0));
        return result;
    }

    private static PolicyHit Hit(Goldmane.PolicyHit hit, HitPath path)
    {
        if (path.Depth > FlowLimits.MaxTriggerDepth)
            throw new RejectedFlow(RejectionReason.TriggerTooDeep, $"{path} nests triggers deeper than {FlowLimits.MaxTriggerDepth}");
        return new PolicyHit(
            Defined<PolicyKind>((int)hit.Kind, path, "kind"),
            Text(hit.Namespace, path, "namespace"),
            Text(hit.Name, path, "name"),
            Text(hit.Tier, path, "tier"),
            Defined<FlowAction>((int)hit.Action, path, "action"),
            hit.PolicyIndex,
            hit.RuleIndex,
            hit.Trigger is null ? null : Hit(hit.Trigger, path with { Depth = path.Depth + 1 }));
    }

    /// <summary>Where a policy hit is, written out only for a rejection's message (every flow carries hits).</summary>
    private readonly record struct HitPath(string List, int Index, int Depth)
    {
        public override string ToString() => $"{List}[{Index}]{string.Concat(Enumerable.Repeat(".trigger", Depth))}";
    }

    // The checks of the string-path overloads, whose rejection (and its message) serves when the value is bad.
    private static string Text(string value, HitPath path, string field) =>
        value.Length <= FlowLimits.MaxTextLength ? value : Text(value, $"{path}.{field}");

    private static T Defined<T>(int value, HitPath path, string field) where T : struct, Enum =>
        KnownValues<T>.TryGet(value, out var typed) ? typed : Defined<T>(value, $"{path}.{field}");

    private static LabelSet Labels(RepeatedField<string> labels, string path)
    {
        if (labels.Count > FlowLimits.MaxLabels)
            throw new RejectedFlow(RejectionReason.TooManyLabels, $"flow.{path} has {labels.Count} labels, at most {FlowLimits.MaxLabels} are accepted");
        foreach (var label in labels)
        {
            if (label.Length > FlowLimits.MaxLabelLength)
                throw new RejectedFlow(RejectionReason.TextTooLong, $"a label in flow.{path} is {label.Length} characters, at most {FlowLimits.MaxLabelLength} are accepted");
        }

        return labels.Count == 0 ? LabelSet.Empty : LabelSet.Of(labels);
    }

    private static string Text(string value, string path) => value.Length <= FlowLimits.MaxTextLength
        ? value
        : throw new RejectedFlow(RejectionReason.TextTooLong, $"{path} is {value.Length} characters, at most {FlowLimits.MaxTextLength} are accepted");

    private static long Counter(long value, string name) => value >= 0
        ? value
        : throw new RejectedFlow(RejectionReason.NegativeCounter, $"flow.{name} is negative ({value})");

    private static long Port(long value, string path) => value is >= 0 and <= 65535
        ? value
        : throw new RejectedFlow(RejectionReason.InvalidPort, $"{path} {value} is not a port number");

    private static T Defined<T>(int value, string path) where T : struct, Enum => KnownValues<T>.TryGet(value, out var typed)
        ? typed
        : throw new RejectedFlow(RejectionReason.UnknownEnum, $"{path} {value} is not a known {typeof(T).Name}");

    /// <summary>An enum's defined values by number, looked up without boxing (Enum.ToObject and IsDefined box).</summary>
    private static class KnownValues<T> where T : struct, Enum
    {
        private static readonly Dictionary<int, T> ByNumber = Enum.GetValues<T>().ToDictionary(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture));

        public static bool TryGet(int value, out T typed) => ByNumber.TryGetValue(value, out typed);
    }

    private sealed class RejectedFlow(RejectionReason reason, string message) : Exception(message)
    {
        public RejectionReason Reason { get; } = reason;
    }
}
