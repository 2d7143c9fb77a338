using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Gateway.Http;

namespace FlowGrain.Gateway.Console.Charts;

/// <summary>One policy's packets in a range by the action of its hits, from the Statistics API.</summary>
public sealed record PolicyHits(string Policy, long Allowed, long Denied, long Passed)
{
    public long Total => Allowed + Denied + Passed;

    /// <summary>
    /// The policies with the most packets, largest first; names as "tier/namespace/name" (profiles as their name).
    /// Up to half the bars go to the policies that deny most, so a deny stays visible next to busy allow policies.
    /// </summary>
    public static IReadOnlyList<PolicyHits> Top(IEnumerable<PolicyStatistics> statistics, int count)
    {
        var all = statistics
            .Select(s =>
            {
                var total = s.Points.Aggregate(default(StatisticsPoint), StatisticsPoint.Add);
                return new PolicyHits(Name(s.Key), total.AllowedIn + total.AllowedOut, total.DeniedIn + total.DeniedOut, total.PassedIn + total.PassedOut);
            })
            .Where(hits => hits.Total > 0)
            .OrderByDescending(hits => hits.Total)
            .ThenBy(hits => hits.Policy, StringComparer.Ordinal)
            .ToList();
        var denying = all.Where(hits => hits.Denied > 0).OrderByDescending(hits => hits.Denied).Take(count / 2);
        var chosen = denying.Concat(all).Distinct().Take(count).ToHashSet();
        return [.. all.Where(chosen.Contains)];
    }

    private static string Name(StatisticsKey key) => key.Kind == PolicyKind.Profile
        ? $"{key.Name} (profile)"
        : string.Join("/", new[] { key.Tier, key.Namespace, key.Name }.Where(part => part.Length > 0)) + (key.Kind == PolicyKind.Unspecified ? "" : $" ({Short(key.Kind)})");

    private static string Short(PolicyKind kind) => WhiskerNames.Of(kind) switch
    {
        "GlobalNetworkPolicy" => "GNP",
        "NetworkPolicy" => "NP",
        "CalicoNetworkPolicy" => "Calico NP",
        "StagedNetworkPolicy" => "staged NP",
        var other => other,
    };
}
