namespace FlowGrain.Grains.Metrics;

/// <summary>Which labels traffic metrics carry and how many series they may grow to (configuration section "Metrics").</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Labels of flowgrain_traffic_*: any of source_namespace, dest_namespace, action, reporter, proto.</summary>
    public List<string> TrafficLabels { get; set; } = [TrafficLabel.SourceNamespace, TrafficLabel.DestNamespace, TrafficLabel.Action, TrafficLabel.Reporter];

    /// <summary>Labels of flowgrain_policy_hits_total: any of kind, tier, namespace, name, action, trace.</summary>
    public List<string> PolicyLabels { get; set; } = [PolicyLabel.Kind, PolicyLabel.Tier, PolicyLabel.Namespace, PolicyLabel.Name, PolicyLabel.Action, PolicyLabel.Trace];

    /// <summary>
    /// Label combinations each traffic metric may have per process. Beyond it, new combinations are counted in a
    /// series whose namespace, tier and name labels are "other" (and in flowgrain_metrics_folded_total), so totals
    /// stay exact and the series count stays bounded whatever the size of the cluster.
    /// </summary>
    public int MaxSeriesPerMetric { get; set; } = 1000;

    /// <summary>Describes what is wrong with the options, or returns null.</summary>
    public string? Problem()
    {
        var unknownTraffic = TrafficLabels.Except(TrafficLabel.All).ToList();
        if (unknownTraffic.Count > 0)
            return $"Metrics:TrafficLabels has unknown labels ({string.Join(", ", unknownTraffic)}); use any of {string.Join(", ", TrafficLabel.All)}.";
        var unknownPolicy = PolicyLabels.Except(PolicyLabel.All).ToList();
        if (unknownPolicy.Count > 0)
            return $"Metrics:PolicyLabels has unknown labels ({string.Join(", ", unknownPolicy)}); use any of {string.Join(", ", PolicyLabel.All)}.";
        return MaxSeriesPerMetric is < 1 or > 100_000 ? "Metrics:MaxSeriesPerMetric must be between 1 and 100000." : null;
    }
}

/// <summary>Label names of the traffic metrics.</summary>
public static class TrafficLabel
{
    public const string SourceNamespace = "source_namespace";
    public const string DestNamespace = "dest_namespace";
    public const string Action = "action";
    public const string Reporter = "reporter";
    public const string Proto = "proto";

    public static readonly IReadOnlyList<string> All = [SourceNamespace, DestNamespace, Action, Reporter, Proto];

    /// <summary>Labels with few values, kept as they are when a series is folded into "other".</summary>
    public static readonly IReadOnlySet<string> Bounded = new HashSet<string> { Action, Reporter };
}

/// <summary>Label names of the policy-hit metric.</summary>
public static class PolicyLabel
{
    public const string Kind = "kind";
    public const string Tier = "tier";
    public const string Namespace = "namespace";
    public const string Name = "name";
    public const string Action = "action";
    public const string Trace = "trace";

    public static readonly IReadOnlyList<string> All = [Kind, Tier, Namespace, Name, Action, Trace];

    /// <summary>Labels with few values, kept as they are when a series is folded into "other".</summary>
    public static readonly IReadOnlySet<string> Bounded = new HashSet<string> { Kind, Action, Trace };
}
