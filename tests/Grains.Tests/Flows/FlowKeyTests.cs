using FlowGrain.Abstractions.Flows;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Flows;

public sealed class FlowKeyTests
{
    private static readonly PolicyHit AllowDb = Hit("allow-db", policyIndex: 0);
    private static readonly PolicyHit DenyAll = Hit("deny-all", tier: "security", action: FlowAction.Deny, policyIndex: 1);

    /// <summary>Keys that each differ from <c>Key()</c> in exactly one field.</summary>
    public static TheoryData<string, FlowKey> SingleFieldChanges => new()
    {
        { "source name", Key(source: "other-*") },
        { "source namespace", Key(sourceNs: "other") },
        { "source type", Key(sourceType: EndpointType.HostEndpoint) },
        { "dest name", Key(dest: "other-*") },
        { "dest namespace", Key(destNs: "other") },
        { "dest type", Key(destType: EndpointType.NetworkSet) },
        { "dest port", Key(port: 444) },
        { "service name", Key(service: "svc") },
        { "service namespace", Key(serviceNs: "svc-ns") },
        { "service port name", Key(servicePortName: "https") },
        { "service port", Key(servicePort: 8443) },
        { "proto", Key(proto: "udp") },
        { "reporter", Key(reporter: Reporter.Dst) },
        { "action", Key(action: FlowAction.Deny) },
        { "an enforced hit", Key(policies: Enforced(AllowDb)) },
        { "a pending hit", Key(policies: Pending(AllowDb)) },
    };

    [Fact]
    public void Two_keys_built_from_the_same_fields_have_the_same_id_and_are_equal()
    {
        var a = Key(policies: Enforced(AllowDb, DenyAll));
        var b = Key(policies: Enforced(AllowDb, DenyAll));

        Assert.NotSame(a, b);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [MemberData(nameof(SingleFieldChanges))]
    public void Changing_any_one_field_changes_the_id_and_breaks_equality(string field, FlowKey changed)
    {
        var original = Key();

        Assert.True(original.Id != changed.Id, $"changing the {field} kept the id {original.Id}");
        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void Changing_one_field_of_a_policy_hit_changes_the_id()
    {
        var original = Key(policies: Enforced(AllowDb));
        var variants = new[]
        {
            AllowDb with { Name = "allow-dbx" },
            AllowDb with { Namespace = "other" },
            AllowDb with { Tier = "other" },
            AllowDb with { Kind = PolicyKind.NetworkPolicy },
            AllowDb with { Action = FlowAction.Deny },
            AllowDb with { PolicyIndex = 3 },
            AllowDb with { RuleIndex = 3 },
            AllowDb with { Trigger = DenyAll },
        };

        foreach (var hit in variants)
        {
            Assert.NotEqual(original.Id, Key(policies: Enforced(hit)).Id);
        }
    }

    [Fact]
    public void A_hit_counts_differently_as_enforced_and_as_pending()
    {
        var enforced = Key(policies: Enforced(AllowDb));
        var pending = Key(policies: Pending(AllowDb));

        Assert.NotEqual(enforced.Id, pending.Id);
        Assert.NotEqual(enforced, pending);
    }

    [Fact]
    public void Moving_characters_between_adjacent_fields_changes_the_id()
    {
        var a = Key(source: "ab", sourceNs: "c");
        var b = Key(source: "a", sourceNs: "bc");

        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public void The_id_is_positive_for_many_keys()
    {
        var ids = Enumerable.Range(0, 2000).Select(i => Key(source: $"pod-{i}", port: i).Id).ToList();

        Assert.All(ids, id => Assert.True(id > 0, $"id {id} is not positive"));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void The_id_does_not_change_when_read_again()
    {
        var key = Key(policies: Enforced(AllowDb));

        Assert.Equal(key.Id, key.Id);
    }

    [Fact]
    public void Hit_order_does_not_matter_once_the_trace_is_canonical()
    {
        var sent = Key(policies: PolicyTrace.Canonical([DenyAll, AllowDb], [DenyAll, AllowDb]));
        var sorted = Key(policies: PolicyTrace.Canonical([AllowDb, DenyAll], [AllowDb, DenyAll]));

        Assert.Equal(sorted.Id, sent.Id);
        Assert.Equal(sorted, sent);
        Assert.Equal(sorted.GetHashCode(), sent.GetHashCode());
    }

    [Fact]
    public void A_canonical_trace_lists_hits_by_policy_index()
    {
        var third = Hit("c", policyIndex: 2);
        var trace = PolicyTrace.Canonical([third, DenyAll, AllowDb], []);

        Assert.Equal<PolicyHit>([AllowDb, DenyAll, third], trace.Enforced);
    }

    [Fact]
    public void Hits_with_the_same_policy_index_are_ordered_by_their_other_fields()
    {
        var b = Hit("b", policyIndex: 0);
        var a = Hit("a", policyIndex: 0);

        Assert.Equal(PolicyTrace.Canonical([a, b], []), PolicyTrace.Canonical([b, a], []));
        Assert.True(PolicyHit.CanonicalOrder.Compare(a, b) < 0);
    }

    [Fact]
    public void A_key_equals_itself_and_not_null()
    {
        var key = Key();

        Assert.True(key.Equals(key));
        Assert.False(key.Equals(null));
        Assert.False(key.Equals((object)"not a key"));
    }
}
