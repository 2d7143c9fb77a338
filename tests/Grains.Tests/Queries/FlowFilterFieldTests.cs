using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

/// <summary>Every non-policy field of a filter; policies are in <see cref="FlowFilterPolicyTests"/>.</summary>
public sealed class FlowFilterFieldTests
{
    public enum Field { SourceName, SourceNamespace, DestName, DestNamespace, Protocol }

    [Fact]
    public void An_empty_filter_matches_every_flow()
    {
        Assert.True(FlowFilter.All.IsEmpty);
        Assert.True(FlowFilter.All.Matches(Key()));
        Assert.True(FlowFilter.All.Matches(Key(reporter: Reporter.Dst, action: FlowAction.Deny, policies: Enforced(Hit("p")))));
    }

    [Theory]
    [InlineData(Field.SourceName)]
    [InlineData(Field.SourceNamespace)]
    [InlineData(Field.DestName)]
    [InlineData(Field.DestNamespace)]
    [InlineData(Field.Protocol)]
    public void Exact_matches_only_the_whole_value_of_that_field(Field field)
    {
        var filter = On(field, Exact("shop"));

        Assert.False(filter.IsEmpty);
        Assert.True(filter.Matches(KeyWith(field, "shop")));
        Assert.False(filter.Matches(KeyWith(field, "shop-2")));
        Assert.False(filter.Matches(KeyWith(field, "Shop")));
    }

    [Theory]
    [InlineData(Field.SourceName)]
    [InlineData(Field.SourceNamespace)]
    [InlineData(Field.DestName)]
    [InlineData(Field.DestNamespace)]
    [InlineData(Field.Protocol)]
    public void Fuzzy_matches_a_case_sensitive_substring_of_that_field(Field field)
    {
        var filter = On(field, Fuzzy("ho"));

        Assert.True(filter.Matches(KeyWith(field, "shop")));
        Assert.False(filter.Matches(KeyWith(field, "SHOP")));
        Assert.False(filter.Matches(KeyWith(field, "bank")));
    }

    [Theory]
    [InlineData(Field.SourceName)]
    [InlineData(Field.SourceNamespace)]
    [InlineData(Field.DestName)]
    [InlineData(Field.DestNamespace)]
    [InlineData(Field.Protocol)]
    public void Entries_of_one_field_are_ORed(Field field)
    {
        var filter = On(field, Exact("a"), Fuzzy("bb"));

        Assert.True(filter.Matches(KeyWith(field, "a")));
        Assert.True(filter.Matches(KeyWith(field, "xbbx")));
        Assert.False(filter.Matches(KeyWith(field, "c")));
    }

    [Fact]
    public void Different_fields_are_ANDed()
    {
        var filter = FlowFilter.All with
        {
            SourceNames = [Exact("api-*")],
            DestNames = [Exact("db-*")],
            DestPorts = [5432],
            Actions = [FlowAction.Allow],
        };

        Assert.True(filter.Matches(Key(source: "api-*", dest: "db-*", port: 5432)));
        Assert.False(filter.Matches(Key(source: "web-*", dest: "db-*", port: 5432)));
        Assert.False(filter.Matches(Key(source: "api-*", dest: "cache-*", port: 5432)));
        Assert.False(filter.Matches(Key(source: "api-*", dest: "db-*", port: 5433)));
        Assert.False(filter.Matches(Key(source: "api-*", dest: "db-*", port: 5432, action: FlowAction.Deny)));
    }

    [Theory]
    [InlineData("pub", "PUBLIC NETWORK", MatchType.Exact)]
    [InlineData("pub", "PUBLIC", MatchType.Fuzzy)]
    [InlineData("pub", "pub", MatchType.Exact)]
    [InlineData("pvt", "PRIVATE NETWORK", MatchType.Exact)]
    [InlineData("pvt", "PRIVATE", MatchType.Fuzzy)]
    [InlineData("pvt", "vt", MatchType.Fuzzy)]
    public void Outside_traffic_names_also_match_their_console_spelling(string stored, string wanted, MatchType type)
    {
        var match = new StringMatch(wanted, type);

        Assert.True((FlowFilter.All with { SourceNames = [match] }).Matches(Key(source: stored)));
        Assert.True((FlowFilter.All with { DestNames = [match] }).Matches(Key(dest: stored)));
    }

    [Theory]
    [InlineData("pub", "PRIVATE NETWORK")]
    [InlineData("pvt", "PUBLIC NETWORK")]
    [InlineData("nginx-*", "PUBLIC NETWORK")]
    [InlineData("pub", "Global")]
    public void Console_spellings_do_not_match_other_names(string stored, string wanted)
    {
        Assert.False((FlowFilter.All with { DestNames = [Exact(wanted)] }).Matches(Key(dest: stored)));
    }

    [Theory]
    [InlineData("Global", MatchType.Exact)]
    [InlineData("Glob", MatchType.Fuzzy)]
    [InlineData("-", MatchType.Exact)]
    public void The_not_namespaced_placeholder_also_matches_Global(string wanted, MatchType type)
    {
        var match = new StringMatch(wanted, type);

        Assert.True((FlowFilter.All with { SourceNamespaces = [match] }).Matches(Key(sourceNs: "-")));
        Assert.True((FlowFilter.All with { DestNamespaces = [match] }).Matches(Key(destNs: "-")));
        Assert.False((FlowFilter.All with { DestNamespaces = [match] }).Matches(Key(destNs: "shop")));
    }

    [Fact]
    public void Dest_ports_match_by_equality_any_of_them()
    {
        var filter = FlowFilter.All with { DestPorts = [53, 443] };

        Assert.True(filter.Matches(Key(port: 53)));
        Assert.True(filter.Matches(Key(port: 443)));
        Assert.False(filter.Matches(Key(port: 4430)));
    }

    [Fact]
    public void Actions_match_the_flows_action()
    {
        var filter = FlowFilter.All with { Actions = [FlowAction.Deny] };

        Assert.True(filter.Matches(Key(action: FlowAction.Deny)));
        Assert.False(filter.Matches(Key(action: FlowAction.Allow)));
        Assert.True((filter with { Actions = [FlowAction.Deny, FlowAction.Allow] }).Matches(Key(action: FlowAction.Allow)));
    }

    [Fact]
    public void Pending_actions_match_when_some_pending_hit_has_one_of_them()
    {
        var filter = FlowFilter.All with { PendingActions = [FlowAction.Deny] };
        var staged = Hit("lockdown", kind: PolicyKind.StagedNetworkPolicy, action: FlowAction.Deny, policyIndex: 1);

        Assert.True(filter.Matches(Key(policies: PolicyTrace.Canonical([Hit("allow")], [Hit("allow"), staged]))));
        Assert.False(filter.Matches(Key(policies: Pending(Hit("allow")))));
        Assert.False(filter.Matches(Key(action: FlowAction.Deny, policies: Enforced(staged))));
        Assert.False(filter.Matches(Key()));
    }

    [Fact]
    public void Reporter_matches_by_equality_and_unspecified_matches_both()
    {
        var src = FlowFilter.All with { Reporter = Reporter.Src };

        Assert.True(src.Matches(Key(reporter: Reporter.Src)));
        Assert.False(src.Matches(Key(reporter: Reporter.Dst)));
        Assert.True(FlowFilter.All.Matches(Key(reporter: Reporter.Dst)));
        Assert.True((FlowFilter.All with { Reporter = Reporter.Dst }).Matches(Key(reporter: Reporter.Dst)));
    }

    private static FlowFilter On(Field field, params StringMatch[] matches) => field switch
    {
        Field.SourceName => FlowFilter.All with { SourceNames = [.. matches] },
        Field.SourceNamespace => FlowFilter.All with { SourceNamespaces = [.. matches] },
        Field.DestName => FlowFilter.All with { DestNames = [.. matches] },
        Field.DestNamespace => FlowFilter.All with { DestNamespaces = [.. matches] },
        _ => FlowFilter.All with { Protocols = [.. matches] },
    };

    private static FlowKey KeyWith(Field field, string value) => field switch
    {
        Field.SourceName => Key(source: value),
        Field.SourceNamespace => Key(sourceNs: value),
        Field.DestName => Key(dest: value),
        Field.DestNamespace => Key(destNs: value),
        _ => Key(proto: value),
    };
}
