using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Console.Filters;

namespace FlowGrain.Console.Tests.Unit;

/// <summary>Each change in the filter panel, as the next filter it makes.</summary>
public sealed class FilterEditsTests
{
    [Fact]
    public void Values_are_added_once_and_removed_again()
    {
        var filter = FilterEdits.Add(FlowFilter.All, MatchField.DestNamespace, "payments");
        filter = FilterEdits.Add(filter, MatchField.DestNamespace, "payments");
        filter = FilterEdits.Add(filter, MatchField.DestNamespace, "shipping");

        Assert.Equal([new StringMatch("payments"), new StringMatch("shipping")], filter.DestNamespaces.ToArray());
        Assert.True(FilterEdits.Remove(FilterEdits.Remove(filter, MatchField.DestNamespace, new("payments")), MatchField.DestNamespace, new("shipping")).IsEmpty);
    }

    [Fact]
    public void The_policy_fields_edit_one_policy_match_and_no_policy_is_a_separate_profile_match()
    {
        var filter = FilterEdits.WithPolicyPart(FlowFilter.All, PolicyPart.Tier, "security");
        filter = FilterEdits.WithPolicyKind(filter, PolicyKind.GlobalNetworkPolicy);
        filter = FilterEdits.WithNoPolicy(filter, true);

        Assert.Equal(2, filter.Policies.Length);
        Assert.Equal(new PolicyMatch(PolicyKind.GlobalNetworkPolicy, new("security"), new(""), new(""), FlowAction.Unspecified), FilterEdits.EditedPolicy(filter));
        Assert.True(FilterEdits.HasNoPolicy(filter));
        Assert.Contains(filter.Policies, p => p.Kind == PolicyKind.Profile);

        filter = FilterEdits.WithPolicyKind(FilterEdits.WithPolicyPart(filter, PolicyPart.Tier, null), PolicyKind.Unspecified);
        Assert.Equal([FilterEdits.NoPolicy], filter.Policies.ToArray());
        Assert.True(FilterEdits.WithNoPolicy(filter, false).IsEmpty);
    }

    [Fact]
    public void Port_protocol_action_staged_action_and_reporter_replace_their_field()
    {
        var filter = FilterEdits.WithPort(FlowFilter.All, 443);
        filter = FilterEdits.WithProtocols(filter, ["udp", "tcp"]);
        filter = FilterEdits.WithActions(filter, [FlowAction.Deny, FlowAction.Allow]);
        filter = FilterEdits.WithPendingActions(filter, [FlowAction.Deny]);
        filter = FilterEdits.WithReporter(filter, Reporter.Dst);

        Assert.Equal([443L], filter.DestPorts.ToArray());
        Assert.Equal(["udp", "tcp"], filter.Protocols.Select(p => p.Value));
        Assert.Equal([FlowAction.Allow, FlowAction.Deny], filter.Actions.ToArray());
        Assert.Equal([FlowAction.Deny], filter.PendingActions.ToArray());
        Assert.Equal(Reporter.Dst, filter.Reporter);
        Assert.Empty(FilterEdits.WithPort(filter, null).DestPorts);
    }
}
