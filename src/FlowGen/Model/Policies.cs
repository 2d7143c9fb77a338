using FlowGrain.Protocol;
using Action = FlowGrain.Protocol.Action;

namespace FlowGrain.FlowGen.Model;

/// <summary>The simulated cluster's policies: a security tier of global policies, a platform tier, and namespaced policies in the default tier.</summary>
internal static class Policies
{
    /// <summary>Decides both sides' verdicts for traffic from one endpoint to another.</summary>
    public delegate (SimVerdict Source, SimVerdict Dest) Verdicts(SimEndpoint source, SimEndpoint dest);

    public static PolicyHit SecurityPass(int index) =>
        Hit(PolicyKind.GlobalNetworkPolicy, "", "security.baseline", "security", Action.Pass, index, 0);

    public static PolicyHit AllowDns(int index) =>
        Hit(PolicyKind.GlobalNetworkPolicy, "", "security.allow-dns", "security", Action.Allow, index, 0);

    public static PolicyHit DenyEgress(int index) =>
        Hit(PolicyKind.GlobalNetworkPolicy, "", "security.deny-internet-egress", "security", Action.Deny, index, 1);

    public static PolicyHit NamespaceAllow(string ns, string name, int index, int rule) =>
        Hit(PolicyKind.NetworkPolicy, ns, $"{ns}.{name}", "default", Action.Allow, index, rule);

    public static PolicyHit CalicoAllow(string ns, string name, int index, int rule) =>
        Hit(PolicyKind.CalicoNetworkPolicy, ns, $"default.{name}", "default", Action.Allow, index, rule);

    public static PolicyHit Profile(string ns) =>
        Hit(PolicyKind.Profile, "", $"kns.{ns}", "__PROFILE__", Action.Allow, 1, 0);

    /// <summary>The default tier ended without an allow: denied, attributed to the policy that selected the endpoint.</summary>
    public static PolicyHit EndOfTierDeny(string ns, int index)
    {
        var hit = Hit(PolicyKind.EndOfTier, "", "", "default", Action.Deny, index, -1);
        hit.Trigger = Hit(PolicyKind.NetworkPolicy, ns, $"{ns}.default-deny", "default", Action.Deny, index, -1);
        return hit;
    }

    public static PolicyHit StagedLockdown(string ns, int index) =>
        Hit(PolicyKind.StagedNetworkPolicy, ns, $"default.staged-lockdown", "default", Action.Deny, index, 0);

    public static SimVerdict Allowed(params PolicyHit[] enforced) => new(Action.Allow, enforced, []);

    public static SimVerdict Denied(params PolicyHit[] enforced) => new(Action.Deny, enforced, []);

    public static Verdicts InternalAllowed(string policy, bool staged) => (src, dst) =>
    (
        Allowed(SecurityPass(0), Profile(src.Namespace)),
        new SimVerdict(FlowGrain.Protocol.Action.Allow,
            [SecurityPass(0), NamespaceAllow(dst.Namespace, policy, 1, 0)],
            staged ? [StagedLockdown(dst.Namespace, 1)] : [])
    );

    public static Verdicts IngressDenied() => (src, dst) =>
    (
        Allowed(SecurityPass(0), Profile(src.Namespace)),
        Denied(SecurityPass(0), EndOfTierDeny(dst.Namespace, 1))
    );

    public static Verdicts DnsAllowed() => (_, _) =>
        (Allowed(AllowDns(0)), Allowed(AllowDns(0)));

    private static PolicyHit Hit(PolicyKind kind, string ns, string name, string tier, Action action, int index, int rule) => new()
    {
        Kind = kind,
        Namespace = ns,
        Name = name,
        Tier = tier,
        Action = action,
        PolicyIndex = index,
        RuleIndex = rule,
    };
}
