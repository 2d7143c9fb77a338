using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Queries;
using Google.Protobuf.Collections;
using Goldmane = FlowGrain.Protocol;
using MatchType = FlowGrain.Abstractions.Queries.MatchType;

namespace FlowGrain.Gateway.Wire;

/// <summary>Goldmane filters to the domain filter, rejecting values the enums do not define with a message naming the field.</summary>
public static class FilterWireMapping
{
    /// <summary>Bounds the cost of one filter; a console sends a handful of entries.</summary>
    public const int MaxEntriesPerField = 1000;

    public static FlowFilter ToDomain(Goldmane.Filter? filter, string path = "filter")
    {
        if (filter is null) return FlowFilter.All;
        return new FlowFilter
        {
            SourceNames = Strings(filter.SourceNames, $"{path}.source_names"),
            SourceNamespaces = Strings(filter.SourceNamespaces, $"{path}.source_namespaces"),
            DestNames = Strings(filter.DestNames, $"{path}.dest_names"),
            DestNamespaces = Strings(filter.DestNamespaces, $"{path}.dest_namespaces"),
            Protocols = Strings(filter.Protocols, $"{path}.protocols"),
            DestPorts = [.. Bounded(filter.DestPorts, $"{path}.dest_ports").Select(p => p.Port)],
            Actions = Actions(filter.Actions, $"{path}.actions"),
            PendingActions = Actions(filter.PendingActions, $"{path}.pending_actions"),
            Policies = [.. Bounded(filter.Policies, $"{path}.policies").Select((p, i) => ToDomain(p, $"{path}.policies[{i}]"))],
            Reporter = Defined<Reporter>((int)filter.Reporter, $"{path}.reporter"),
        };
    }

    public static PolicyMatch ToDomain(Goldmane.PolicyMatch? match, string path)
    {
        if (match is null) return PolicyMatch.Any;
        return new PolicyMatch(
            Defined<PolicyKind>((int)match.Kind, $"{path}.kind"),
            ToDomain(match.Tier, $"{path}.tier"),
            ToDomain(match.Namespace, $"{path}.namespace"),
            ToDomain(match.Name, $"{path}.name"),
            Defined<FlowAction>((int)match.Action, $"{path}.action"));
    }

    public static StringMatch ToDomain(Goldmane.StringMatch? match, string path) => match is null
        ? new StringMatch("")
        : new StringMatch(match.Value, Defined<MatchType>((int)match.Type, $"{path}.type"));

    /// <summary>The domain value of a wire enum, or an error naming the field when the number is not defined.</summary>
    public static T Defined<T>(int value, string path) where T : struct, Enum
    {
        var typed = (T)Enum.ToObject(typeof(T), value);
        return Enum.IsDefined(typed)
            ? typed
            : throw new InvalidQueryException($"{path}: {value} is not a valid {typeof(T).Name} value.");
    }

    private static ImmutableArray<StringMatch> Strings(RepeatedField<Goldmane.StringMatch> matches, string path) =>
        [.. Bounded(matches, path).Select((m, i) => ToDomain(m, $"{path}[{i}]"))];

    private static ImmutableArray<FlowAction> Actions(RepeatedField<Goldmane.Action> actions, string path) =>
        [.. Bounded(actions, path).Select((a, i) => Defined<FlowAction>((int)a, $"{path}[{i}]"))];

    private static RepeatedField<T> Bounded<T>(RepeatedField<T> field, string path) => field.Count <= MaxEntriesPerField
        ? field
        : throw new InvalidQueryException($"{path}: at most {MaxEntriesPerField} entries are allowed, got {field.Count}.");
}
