using System.Text.RegularExpressions;

namespace FlowGrain.Gateway.Console.Charts;

/// <summary>Short axis labels: a bar chart has about 60 pixels per label, so generated name parts and prefixes go.</summary>
public static partial class ChartLabels
{
    private const int MaxLength = 18;

    /// <summary>"checkout/checkout-api-c92f4-*" → "checkout-api": the workload without its pod-template hash.</summary>
    public static string Talker(string source)
    {
        var name = source[(source.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return Shorten(GeneratedSuffix().Replace(name, ""));
    }

    /// <summary>"security/security.baseline (GNP)" → "security.baseline": the policy's own name.</summary>
    public static string Policy(string policy)
    {
        var kind = policy.IndexOf(" (", StringComparison.Ordinal);
        var name = kind > 0 && !policy.EndsWith("(profile)", StringComparison.Ordinal) ? policy[..kind] : policy;
        return Shorten(name[(name.LastIndexOf('/') + 1)..]);
    }

    private static string Shorten(string text) => text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 1), "…");

    [GeneratedRegex(@"-[0-9a-f]{4,10}-\*$")]
    private static partial Regex GeneratedSuffix();
}
