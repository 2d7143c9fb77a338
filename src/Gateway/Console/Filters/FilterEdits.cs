using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Gateway.Console.Filters;

/// <summary>
/// The filter panel's changes as plain functions from one filter to the next. The policy fields edit the first policy
/// match that is not "no policy"; "no policy" is a match on kind Profile (flows no policy selected, only a profile).
/// </summary>
public static class FilterEdits
{
    public static readonly PolicyMatch NoPolicy = PolicyMatch.Any with { Kind = PolicyKind.Profile };

    public static FlowFilter Add(FlowFilter filter, MatchField field, string value)
    {
        var current = field.In(filter);
        var match = new StringMatch(value);
        return current.Contains(match) ? filter : field.With(filter, current.Add(match));
    }

    public static FlowFilter Remove(FlowFilter filter, MatchField field, StringMatch match) =>
        field.With(filter, field.In(filter).Remove(match));

    public static FlowFilter WithPort(FlowFilter filter, long? port) =>
        filter with { DestPorts = port is { } p ? [p] : [] };

    public static FlowFilter WithProtocols(FlowFilter filter, IEnumerable<string> protocols) =>
        filter with { Protocols = [.. protocols.Select(p => new StringMatch(p))] };

    public static FlowFilter WithActions(FlowFilter filter, IEnumerable<FlowAction> actions) =>
        filter with { Actions = [.. actions.Order()] };

    public static FlowFilter WithPendingActions(FlowFilter filter, IEnumerable<FlowAction> actions) =>
        filter with { PendingActions = [.. actions.Order()] };

    public static FlowFilter WithReporter(FlowFilter filter, Reporter reporter) => filter with { Reporter = reporter };

    /// <summary>The policy match the policy fields show: the first one that is not "no policy".</summary>
    public static PolicyMatch EditedPolicy(FlowFilter filter) =>
        filter.Policies.FirstOrDefault(p => p != NoPolicy) ?? PolicyMatch.Any;

    /// <summary>Policy matches the fields do not show (from a URL written by hand or by an API client).</summary>
    public static IEnumerable<PolicyMatch> OtherPolicies(FlowFilter filter) =>
        filter.Policies.Where(p => p != NoPolicy).Skip(1);

    public static bool HasNoPolicy(FlowFilter filter) => filter.Policies.Contains(NoPolicy);

    public static FlowFilter WithPolicyKind(FlowFilter filter, PolicyKind kind) =>
        WithEditedPolicy(filter, EditedPolicy(filter) with { Kind = kind });

    public static FlowFilter WithPolicyPart(FlowFilter filter, PolicyPart part, string? value) =>
        WithEditedPolicy(filter, part.With(EditedPolicy(filter), new StringMatch(value ?? "")));

    public static FlowFilter WithNoPolicy(FlowFilter filter, bool on)
    {
        var others = filter.Policies.Where(p => p != NoPolicy);
        return filter with { Policies = on ? [.. others, NoPolicy] : [.. others] };
    }

    public static FlowFilter RemovePolicy(FlowFilter filter, PolicyMatch match) =>
        filter with { Policies = filter.Policies.Remove(match) };

    private static FlowFilter WithEditedPolicy(FlowFilter filter, PolicyMatch edited)
    {
        var policies = filter.Policies.ToList();
        var index = policies.FindIndex(p => p != NoPolicy);
        var empty = edited == PolicyMatch.Any;
        if (index < 0)
        {
            if (!empty) policies.Insert(0, edited);
        }
        else if (empty)
        {
            policies.RemoveAt(index);
        }
        else
        {
            policies[index] = edited;
        }

        return filter with { Policies = [.. policies] };
    }
}
