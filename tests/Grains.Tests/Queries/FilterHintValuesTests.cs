using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

public sealed class FilterHintValuesTests
{
    private static readonly PolicyHit AllowDb = Hit("allow-db", ns: "shop", tier: "app", kind: PolicyKind.NetworkPolicy);
    private static readonly PolicyHit StagedLockdown = Hit("lockdown", ns: "bank", tier: "default", kind: PolicyKind.StagedNetworkPolicy, action: FlowAction.Deny);
    private static readonly PolicyHit DefaultDeny = Hit("default-deny", ns: "ledger", tier: "security", kind: PolicyKind.GlobalNetworkPolicy);

    [Theory]
    [InlineData(HintField.SourceName, new[] { "api-*", "pub", "worker-*" })]
    [InlineData(HintField.DestName, new[] { "db-*", "ledger-*" })]
    [InlineData(HintField.SourceNamespace, new[] { "-", "shop" })]
    [InlineData(HintField.DestNamespace, new[] { "bank", "shop" })]
    public void Name_and_namespace_hints_are_the_distinct_values_ascending(HintField field, string[] expected)
    {
        var windows = new[]
        {
            Window(T0, default, Key(source: "worker-*", sourceNs: "shop", dest: "ledger-*", destNs: "bank"), Key(source: "api-*", sourceNs: "shop", dest: "db-*", destNs: "shop")),
            Window(T0 + 15, default, Key(source: "pub", sourceNs: "-", dest: "db-*", destNs: "shop"), Key(source: "api-*", sourceNs: "shop", dest: "db-*", destNs: "shop")),
        };

        Assert.Equal(expected, Hints(windows, field));
    }

    [Fact]
    public void Only_flows_that_match_the_filter_contribute()
    {
        var windows = new[] { Window(T0, default, Key(source: "api-*", dest: "db-*"), Key(source: "web-*", dest: "cache-*")) };
        var filter = FlowFilter.All with { SourceNames = [Exact("web-*")] };

        Assert.Equal(["cache-*"], Hints(windows, HintField.DestName, filter));
    }

    [Fact]
    public void Values_are_sorted_ordinally()
    {
        var windows = new[] { Window(T0, default, Key(dest: "b"), Key(dest: "B"), Key(dest: "a"), Key(dest: "_")) };

        Assert.Equal(["B", "_", "a", "b"], Hints(windows, HintField.DestName));
    }

    [Fact]
    public void Empty_values_are_skipped()
    {
        var windows = new[] { Window(T0, default, Key(destNs: ""), Key(destNs: "shop")) };

        Assert.Equal(["shop"], Hints(windows, HintField.DestNamespace));
    }

    [Theory]
    [InlineData(HintField.PolicyName, new[] { "allow-db", "lockdown" })]
    [InlineData(HintField.PolicyNamespace, new[] { "bank", "shop" })]
    [InlineData(HintField.PolicyTier, new[] { "app", "default" })]
    [InlineData(HintField.PolicyKind, new[] { "NetworkPolicy", "StagedNetworkPolicy" })]
    public void Policy_hints_read_enforced_and_pending_hits(HintField field, string[] expected)
    {
        var windows = new[] { Window(T0, default, Key(policies: PolicyTrace.Canonical([AllowDb], [StagedLockdown]))) };

        Assert.Equal(expected, Hints(windows, field));
    }

    [Theory]
    [InlineData(HintField.PolicyName, new[] { "allow-db" })]
    [InlineData(HintField.PolicyNamespace, new[] { "shop" })]
    [InlineData(HintField.PolicyTier, new[] { "app" })]
    [InlineData(HintField.PolicyKind, new[] { "NetworkPolicy" })]
    public void Profile_hits_are_skipped(HintField field, string[] expected)
    {
        var profile = new PolicyHit(PolicyKind.Profile, "shop-profile", "kns.shop", "__PROFILE__", FlowAction.Allow, 1, 0);
        var windows = new[] { Window(T0, default, Key(policies: Enforced(AllowDb, profile)), Key(port: 1, policies: Enforced(profile))) };

        Assert.Equal(expected, Hints(windows, field));
    }

    [Theory]
    [InlineData(HintField.PolicyName, new[] { "default-deny" })]
    [InlineData(HintField.PolicyNamespace, new[] { "ledger" })]
    [InlineData(HintField.PolicyTier, new[] { "security" })]
    [InlineData(HintField.PolicyKind, new[] { "GlobalNetworkPolicy" })]
    public void EndOfTier_hits_are_read_through_their_trigger(HintField field, string[] expected)
    {
        var windows = new[] { Window(T0, default, Key(action: FlowAction.Deny, policies: Enforced(EndOfTier(DefaultDeny)))) };

        Assert.Equal(expected, Hints(windows, field));
    }

    [Fact]
    public void A_key_in_many_windows_gives_its_values_once()
    {
        var key = Key(policies: Enforced(AllowDb));
        var windows = Enumerable.Range(0, 5).Select(i => Window(T0 + (15 * i), default, key)).ToArray();

        Assert.Equal(["allow-db"], Hints(windows, HintField.PolicyName));
    }

    [Fact]
    public void An_unspecified_field_is_rejected()
    {
        var windows = new[] { Window(T0, default, Key()) };

        Assert.Throws<ArgumentOutOfRangeException>(() => Hints(windows, HintField.Unspecified));
    }

    [Fact]
    public void Owners_hints_merge_into_distinct_ascending_values()
    {
        var merged = ResultMerging.Hints([["b", "d"], ["a", "b"], []]);

        Assert.Equal<string>(["a", "b", "d"], merged);
    }

    private static string[] Hints(IReadOnlyList<WindowView> windows, HintField field, FlowFilter? filter = null) =>
        [.. FilterHintValues.Of(windows, new HintsQuery(new TimeRange(T0 - 3600, T0 + 3600), filter ?? FlowFilter.All, field))];
}
