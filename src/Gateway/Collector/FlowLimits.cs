namespace FlowGrain.Gateway.Collector;

/// <summary>What the collector accepts in one flow; documented in docs/api.md. Anything beyond is rejected, per flow.</summary>
public static class FlowLimits
{
    /// <summary>Names, namespaces, service names, tiers, protocol: Kubernetes names are at most 253 characters.</summary>
    public const int MaxTextLength = 512;

    /// <summary>One "key=value" label: key up to 317 characters (prefix/name), value up to 63.</summary>
    public const int MaxLabelLength = 1024;

    /// <summary>Labels per endpoint.</summary>
    public const int MaxLabels = 256;

    /// <summary>Policy hits per trace side (enforced, pending).</summary>
    public const int MaxPolicyHits = 128;

    /// <summary>A hit's trigger may itself name a trigger once; deeper nesting is never sent by Felix.</summary>
    public const int MaxTriggerDepth = 2;

    /// <summary>How far in the future a start time may be and still be a clock-skew rather than a bug (the grid accepts one window).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);
}
