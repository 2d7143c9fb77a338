using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

public sealed class FlowFilterPolicyTests
{
    private static readonly PolicyHit AllowDb = Hit("allow-db", ns: "shop", tier: "app", action: FlowAction.Allow, kind: PolicyKind.NetworkPolicy);
    private static readonly PolicyHit DenyEgress = Hit("deny-egress", ns: "", tier: "security", action: FlowAction.Deny, kind: PolicyKind.GlobalNetworkPolicy, policyIndex: 1);

    [Fact]
    public void A_policy_filter_matches_an_enforced_hit()
    {
        Assert.True(Policies(Policy(name: "allow-db")).Matches(Key(policies: Enforced(AllowDb))));
    }

    [Fact]
    public void A_policy_filter_matches_a_pending_hit()
    {
        Assert.True(Policies(Policy(name: "allow-db")).Matches(Key(policies: Pending(AllowDb))));
    }

    [Fact]
    public void A_policy_filter_does_not_match_a_flow_without_such_a_hit()
    {
        var filter = Policies(Policy(name: "allow-db"));

        Assert.False(filter.Matches(Key(policies: Enforced(DenyEgress))));
        Assert.False(filter.Matches(Key()));
    }

    [Fact]
    public void Every_set_field_of_one_policy_match_must_match()
    {
        var flow = Key(policies: Enforced(AllowDb));

        Assert.True(Policies(new PolicyMatch(PolicyKind.NetworkPolicy, Exact("app"), Exact("shop"), Exact("allow-db"), FlowAction.Allow)).Matches(flow));
        Assert.False(Policies(Policy(name: "allow-db", tier: "security")).Matches(flow));
        Assert.False(Policies(Policy(name: "allow-db", ns: "bank")).Matches(flow));
        Assert.False(Policies(Policy(name: "allow-db", kind: PolicyKind.CalicoNetworkPolicy)).Matches(flow));
        Assert.False(Policies(Policy(name: "allow-db", action: FlowAction.Deny)).Matches(flow));
    }

    [Fact]
    public void All_fields_of_a_policy_match_must_be_satisfied_by_the_same_hit()
    {
        var flow = Key(policies: Enforced(AllowDb, DenyEgress));

        Assert.False(Policies(Policy(name: "allow-db", tier: "security")).Matches(flow));
        Assert.True(Policies(Policy(name: "deny-egress", tier: "security")).Matches(flow));
    }

    [Fact]
    public void Unset_fields_are_wildcards()
    {
        var flow = Key(policies: Enforced(AllowDb));

        Assert.True(Policies(PolicyMatch.Any).Matches(flow));
        Assert.True(Policies(Policy(tier: "app")).Matches(flow));
        Assert.True(Policies(Policy(action: FlowAction.Allow)).Matches(flow));
        Assert.True(Policies(Policy(kind: PolicyKind.NetworkPolicy)).Matches(flow));
        Assert.True(Policies(new PolicyMatch(PolicyKind.Unspecified, Fuzzy(""), Exact(""), Fuzzy("allow"), FlowAction.Unspecified)).Matches(flow));
    }

    [Fact]
    public void Policy_fields_can_match_fuzzily()
    {
        var flow = Key(policies: Enforced(AllowDb));

        Assert.True(Policies(new PolicyMatch(PolicyKind.Unspecified, Fuzzy("ap"), Fuzzy("ho"), Fuzzy("-db"), FlowAction.Unspecified)).Matches(flow));
        Assert.False(Policies(new PolicyMatch(PolicyKind.Unspecified, Exact(""), Exact(""), Fuzzy("DB"), FlowAction.Unspecified)).Matches(flow));
    }

    [Fact]
    public void Several_policy_matches_are_ORed()
    {
        var filter = Policies(Policy(name: "nope"), Policy(name: "deny-egress"));

        Assert.True(filter.Matches(Key(policies: Enforced(DenyEgress))));
        Assert.False(filter.Matches(Key(policies: Enforced(AllowDb))));
    }

    [Fact]
    public void Kind_Profile_alone_matches_flows_that_no_policy_selected()
    {
        var filter = Policies(Policy(kind: PolicyKind.Profile));

        Assert.True(filter.Matches(Key(policies: Enforced(Profile()))));
        Assert.False(filter.Matches(Key(policies: Enforced(AllowDb))));
    }

    [Fact]
    public void An_EndOfTier_hit_matches_a_policy_match_naming_its_trigger()
    {
        var trigger = Hit("default-deny", ns: "bank", tier: "app", kind: PolicyKind.NetworkPolicy, action: FlowAction.Deny);
        var flow = Key(action: FlowAction.Deny, policies: Enforced(EndOfTier(trigger)));

        Assert.True(Policies(Policy(name: "default-deny")).Matches(flow));
        Assert.True(Policies(Policy(name: "default-deny", ns: "bank", tier: "app", kind: PolicyKind.NetworkPolicy)).Matches(flow));
        Assert.True(Policies(Policy(kind: PolicyKind.EndOfTier)).Matches(flow));
        Assert.False(Policies(Policy(name: "other")).Matches(flow));
    }

    [Fact]
    public void The_action_of_an_EndOfTier_match_is_the_hits_own_action()
    {
        var trigger = Hit("default-deny", action: FlowAction.Allow);
        var flow = Key(policies: Enforced(EndOfTier(trigger, FlowAction.Deny)));

        Assert.True(Policies(Policy(name: "default-deny", action: FlowAction.Deny)).Matches(flow));
        Assert.False(Policies(Policy(name: "default-deny", action: FlowAction.Allow)).Matches(flow));
    }

    [Fact]
    public void A_policy_filter_is_ANDed_with_the_other_fields()
    {
        var filter = Policies(Policy(name: "allow-db")) with { DestPorts = [5432] };

        Assert.True(filter.Matches(Key(port: 5432, policies: Enforced(AllowDb))));
        Assert.False(filter.Matches(Key(port: 80, policies: Enforced(AllowDb))));
    }

    private static FlowFilter Policies(params PolicyMatch[] matches) => FlowFilter.All with { Policies = [.. matches] };
}
