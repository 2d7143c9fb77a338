using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Metrics;

/// <summary>
/// Sums one ingest batch's accepted flows per label combination, so the meters are touched once per combination
/// rather than once per flow. Only flows that were counted in a window (not replays, not out of range) are added.
/// </summary>
public sealed class TrafficTally(MetricsOptions options)
{
    private readonly Dictionary<string, (string[] Labels, TrafficSums Sums)> _traffic = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string[] Labels, long Hits)> _policyHits = new(StringComparer.Ordinal);

    public IEnumerable<(string[] Labels, TrafficSums Sums)> Traffic => _traffic.Values;

    public IEnumerable<(string[] Labels, long Hits)> PolicyHits => _policyHits.Values;

    public bool IsEmpty => _traffic.Count == 0;

    public void Add(FlowReport report)
    {
        var key = report.Key;
        var labels = options.TrafficLabels.Select(label => TrafficValue(label, key)).ToArray();
        var identity = string.Join('\u001f', labels);
        var sums = _traffic.TryGetValue(identity, out var existing) ? existing.Sums : default;
        _traffic[identity] = (labels, sums.Add(report.Counters));

        foreach (var (hit, trace) in key.Policies.Enforced.Select(h => (h, "enforced")).Concat(key.Policies.Pending.Select(h => (h, "pending"))))
        {
            var hitLabels = options.PolicyLabels.Select(label => PolicyValue(label, hit, trace)).ToArray();
            var hitIdentity = string.Join('\u001f', hitLabels);
            _policyHits[hitIdentity] = (hitLabels, (_policyHits.TryGetValue(hitIdentity, out var count) ? count.Hits : 0) + 1);
        }
    }

    /// <summary>Label value of a flow for one traffic label.</summary>
    public static string TrafficValue(string label, FlowKey key) => label switch
    {
        TrafficLabel.SourceNamespace => NamespaceOrDash(key.SourceNamespace),
        TrafficLabel.DestNamespace => NamespaceOrDash(key.DestNamespace),
        TrafficLabel.Action => key.Action.ToString().ToLowerInvariant(),
        TrafficLabel.Reporter => key.Reporter.ToString().ToLowerInvariant(),
        TrafficLabel.Proto => key.Proto,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not a traffic label."),
    };

    /// <summary>Label value of a policy hit; EndOfTier hits are attributed to the policy that selected the flow.</summary>
    public static string PolicyValue(string label, PolicyHit hit, string trace)
    {
        var policy = hit.Attributed;
        return label switch
        {
            PolicyLabel.Kind => policy.Kind.ToString(),
            PolicyLabel.Tier => policy.Tier,
            PolicyLabel.Namespace => policy.Namespace,
            PolicyLabel.Name => policy.Name,
            PolicyLabel.Action => hit.Action.ToString().ToLowerInvariant(),
            PolicyLabel.Trace => trace,
            _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not a policy label."),
        };
    }

    private static string NamespaceOrDash(string ns) => ns.Length == 0 ? OwnerNamespace.NotNamespaced : ns;
}

/// <summary>Traffic of a set of flows: counters and how many flows.</summary>
public readonly record struct TrafficSums(long BytesIn, long BytesOut, long PacketsIn, long PacketsOut, long Connections, long Flows)
{
    public TrafficSums Add(FlowCounters c) =>
        new(BytesIn + c.BytesIn, BytesOut + c.BytesOut, PacketsIn + c.PacketsIn, PacketsOut + c.PacketsOut, Connections + c.ConnectionsStarted, Flows + 1);
}
