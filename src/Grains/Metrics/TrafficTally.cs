using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Metrics;

/// <summary>
/// Sums one ingest batch's accepted flows per label combination, so the meters are touched once per combination
/// rather than once per flow. Only flows that were counted in a window (not replays, not out of range) are added.
/// </summary>
public sealed class TrafficTally(MetricsOptions options)
{
    private readonly Dictionary<string[], TrafficSums> _traffic = new(LabelValues.Comparer);
    private readonly Dictionary<string[], long> _policyHits = new(LabelValues.Comparer);

    // Filled for each flow and looked up as they are; copied only for a combination not seen in this batch.
    private readonly string[] _trafficScratch = new string[options.TrafficLabels.Count];
    private readonly string[] _policyScratch = new string[options.PolicyLabels.Count];

    public IEnumerable<(string[] Labels, TrafficSums Sums)> Traffic => _traffic.Select(p => (p.Key, p.Value));

    public IEnumerable<(string[] Labels, long Hits)> PolicyHits => _policyHits.Select(p => (p.Key, p.Value));

    public bool IsEmpty => _traffic.Count == 0;

    public void Add(FlowReport report)
    {
        var key = report.Key;
        for (var i = 0; i < _trafficScratch.Length; i++) _trafficScratch[i] = TrafficValue(options.TrafficLabels[i], key);
        ref var sums = ref CollectionsMarshal.GetValueRefOrNullRef(_traffic, _trafficScratch);
        if (Unsafe.IsNullRef(ref sums)) _traffic[[.. _trafficScratch]] = default(TrafficSums).Add(report.Counters);
        else sums = sums.Add(report.Counters);

        foreach (var hit in key.Policies.Enforced) AddHit(hit, "enforced");
        foreach (var hit in key.Policies.Pending) AddHit(hit, "pending");
    }

    private void AddHit(PolicyHit hit, string trace)
    {
        for (var i = 0; i < _policyScratch.Length; i++) _policyScratch[i] = PolicyValue(options.PolicyLabels[i], hit, trace);
        ref var hits = ref CollectionsMarshal.GetValueRefOrNullRef(_policyHits, _policyScratch);
        if (Unsafe.IsNullRef(ref hits)) _policyHits[[.. _policyScratch]] = 1;
        else hits++;
    }

    /// <summary>Label value of a flow for one traffic label.</summary>
    public static string TrafficValue(string label, FlowKey key) => label switch
    {
        TrafficLabel.SourceNamespace => NamespaceOrDash(key.SourceNamespace),
        TrafficLabel.DestNamespace => NamespaceOrDash(key.DestNamespace),
        TrafficLabel.Action => LabelValues.Of(key.Action),
        TrafficLabel.Reporter => LabelValues.Of(key.Reporter),
        TrafficLabel.Proto => key.Proto,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not a traffic label."),
    };

    /// <summary>Label value of a policy hit; EndOfTier hits are attributed to the policy that selected the flow.</summary>
    public static string PolicyValue(string label, PolicyHit hit, string trace)
    {
        var policy = hit.Attributed;
        return label switch
        {
            PolicyLabel.Kind => LabelValues.KindOf(policy.Kind),
            PolicyLabel.Tier => policy.Tier,
            PolicyLabel.Namespace => policy.Namespace,
            PolicyLabel.Name => policy.Name,
            PolicyLabel.Action => LabelValues.Of(hit.Action),
            PolicyLabel.Trace => trace,
            _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not a policy label."),
        };
    }

    private static string NamespaceOrDash(string ns) => ns.Length == 0 ? OwnerNamespace.NotNamespaced : ns;
}

/// <summary>Label values: enum names made once (not per flow), and label-value arrays compared by content.</summary>
internal static class LabelValues
{
    private static readonly Dictionary<FlowAction, string> Actions = Enum.GetValues<FlowAction>().ToDictionary(v => v, v => v.ToString().ToLowerInvariant());
    private static readonly Dictionary<Reporter, string> Reporters = Enum.GetValues<Reporter>().ToDictionary(v => v, v => v.ToString().ToLowerInvariant());
    private static readonly Dictionary<PolicyKind, string> Kinds = Enum.GetValues<PolicyKind>().ToDictionary(v => v, v => v.ToString());

    public static readonly IEqualityComparer<string[]> Comparer = new ContentComparer();

    public static string Of(FlowAction action) => Actions[action];

    public static string Of(Reporter reporter) => Reporters[reporter];

    public static string KindOf(PolicyKind kind) => Kinds[kind];

    private sealed class ContentComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] values)
        {
            var hash = new HashCode();
            foreach (var value in values) hash.Add(value, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }
}

/// <summary>Traffic of a set of flows: counters and how many flows.</summary>
public readonly record struct TrafficSums(long BytesIn, long BytesOut, long PacketsIn, long PacketsOut, long Connections, long Flows)
{
    public TrafficSums Add(FlowCounters c) =>
        new(BytesIn + c.BytesIn, BytesOut + c.BytesOut, PacketsIn + c.PacketsIn, PacketsOut + c.PacketsOut, Connections + c.ConnectionsStarted, Flows + 1);
}
