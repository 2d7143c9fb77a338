using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;
using Action = FlowGrain.Protocol.Action;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>Seven flows covering every filterable field, each named F1…F7 by its source port-free identity.</summary>
public static class FilterDataset
{
    public static readonly Dictionary<string, FlowUpdate> Flows = new()
    {
        ["F1"] = Update("shop", "api-*", "shop", "db-*", 0, destPort: 5432,
            enforced: [Hit(PolicyKind.NetworkPolicy, "shop", "allow-db", "default", Action.Allow)]),
        ["F2"] = Update("shop", "api-*", "-", "pub", 0, destPort: 443, destType: EndpointType.Network,
            enforced: [Hit(PolicyKind.GlobalNetworkPolicy, "", "allow-egress", "security", Action.Allow)]),
        ["F3"] = Update("-", "pvt", "shop", "web-*", 0, reporter: Reporter.Dst, destPort: 80, sourceType: EndpointType.Network,
            enforced: [Hit(PolicyKind.Profile, "", "kns.shop", "__PROFILE__", Action.Allow)]),
        ["F4"] = Update("shop", "worker-*", "bank", "ledger-*", 0,
            pending: [Hit(PolicyKind.StagedNetworkPolicy, "bank", "lockdown", "default", Action.Deny)]),
        ["F5"] = Update("shop", "worker-*", "bank", "ledger-*", 0, reporter: Reporter.Dst, action: Action.Deny,
            enforced: [Hit(PolicyKind.EndOfTier, "", "", "default", Action.Deny, rule: -1,
                trigger: Hit(PolicyKind.NetworkPolicy, "bank", "default-deny", "default", Action.Deny))]),
        ["F6"] = Update("bank", "ledger-*", "kube-system", "coredns-*", 0, destPort: 53, proto: "udp",
            enforced: [Hit(PolicyKind.GlobalNetworkPolicy, "", "allow-dns", "security", Action.Allow)]),
        ["F7"] = Update("-", "node-1", "kube-system", "coredns-*", 0, destPort: 53, proto: "udp", sourceType: EndpointType.HostEndpoint),
    };

    /// <summary>Sends the dataset once into the gateway, in the window that starts 30 s before the current one.</summary>
    public static async Task LoadAsync(GatewayHost gateway)
    {
        var start = (gateway.Now / 15 * 15) - 30;
        var updates = Flows.Values.Select(u =>
        {
            var copy = u.Clone();
            copy.Flow.StartTime = copy.Flow.EndTime = start + 1;
            return copy;
        }).ToArray();
        await NodeClient.ReportAsync(gateway, "node-1", updates);
        await gateway.DrainAsync();
    }

    /// <summary>Which dataset flows a result holds, as "F1,F2,…".</summary>
    public static string Identify(IEnumerable<FlowResult> results) => string.Join(",", results
        .Select(r => Flows.Single(f => SameKey(f.Value.Flow.Key, r.Flow.Key)).Key)
        .Order(StringComparer.Ordinal));

    private static bool SameKey(FlowKey a, FlowKey b) =>
        a.SourceName == b.SourceName && a.DestName == b.DestName && a.Reporter == b.Reporter && a.DestNamespace == b.DestNamespace;
}
