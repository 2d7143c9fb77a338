using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Abstractions.Queries;

/// <summary>
/// Which flows a query wants. Entries of one field are ORed, fields are ANDed, an empty field does not constrain.
/// The one implementation of the filter semantics: gRPC, HTTP, the console and the live feed all use it.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.FlowFilter")]
public sealed record FlowFilter
{
    public static readonly FlowFilter All = new();

    [Id(0)] public ImmutableArray<StringMatch> SourceNames { get; init; } = [];
    [Id(1)] public ImmutableArray<StringMatch> SourceNamespaces { get; init; } = [];
    [Id(2)] public ImmutableArray<StringMatch> DestNames { get; init; } = [];
    [Id(3)] public ImmutableArray<StringMatch> DestNamespaces { get; init; } = [];
    [Id(4)] public ImmutableArray<StringMatch> Protocols { get; init; } = [];
    [Id(5)] public ImmutableArray<long> DestPorts { get; init; } = [];
    [Id(6)] public ImmutableArray<FlowAction> Actions { get; init; } = [];
    [Id(7)] public ImmutableArray<PolicyMatch> Policies { get; init; } = [];
    [Id(8)] public Reporter Reporter { get; init; }
    [Id(9)] public ImmutableArray<FlowAction> PendingActions { get; init; } = [];

    /// <summary>
    /// The namespaces the caller may see, or null for all. Not a filter field of the API: the gateway sets it from
    /// the caller's identity at every door, so it travels with the filter into every query and stream and cannot be
    /// removed by the caller.
    /// </summary>
    [Id(10)] public NamespaceScope? Scope { get; init; }

    /// <summary>This filter, also limited to what <paramref name="scope"/> allows (null allows all).</summary>
    public FlowFilter Within(NamespaceScope? scope) => scope is null ? this : this with { Scope = scope.Intersect(Scope) };

    public bool Matches(FlowKey key) =>
        (Scope is null || Scope.Allows(key))
        && AnyName(SourceNames, key.SourceName)
        && AnyNamespace(SourceNamespaces, key.SourceNamespace)
        && AnyName(DestNames, key.DestName)
        && AnyNamespace(DestNamespaces, key.DestNamespace)
        && Any(Protocols, key.Proto)
        && (DestPorts.IsDefaultOrEmpty || DestPorts.Contains(key.DestPort))
        && (Actions.IsDefaultOrEmpty || Actions.Contains(key.Action))
        && (Reporter == Reporter.Unspecified || Reporter == key.Reporter)
        && (PendingActions.IsDefaultOrEmpty || AnyPendingAction(key.Policies))
        && (Policies.IsDefaultOrEmpty || AnyPolicy(key.Policies));

    /// <summary>Whether this filter constrains nothing, so a scan can skip it.</summary>
    public bool IsEmpty =>
        SourceNames.IsDefaultOrEmpty && SourceNamespaces.IsDefaultOrEmpty && DestNames.IsDefaultOrEmpty
        && DestNamespaces.IsDefaultOrEmpty && Protocols.IsDefaultOrEmpty && DestPorts.IsDefaultOrEmpty
        && Actions.IsDefaultOrEmpty && Policies.IsDefaultOrEmpty && Reporter == Reporter.Unspecified
        && PendingActions.IsDefaultOrEmpty && Scope is null;

    // Loops, not LINQ: a filter runs for every key of a query and every row of the live feed, per viewer, and a
    // lambda that captures its arguments allocates on every call.
    private static bool Any(ImmutableArray<StringMatch> matches, string value)
    {
        if (matches.IsDefaultOrEmpty) return true;
        foreach (var match in matches)
        {
            if (match.Matches(value)) return true;
        }

        return false;
    }

    private static bool AnyName(ImmutableArray<StringMatch> matches, string value) =>
        Any(matches, value) || (DisplayNames.ForName(value) is { } alias && Any(matches, alias));

    private static bool AnyNamespace(ImmutableArray<StringMatch> matches, string value) =>
        Any(matches, value) || (DisplayNames.ForNamespace(value) is { } alias && Any(matches, alias));

    private bool AnyPendingAction(PolicyTrace trace)
    {
        foreach (var hit in trace.Pending)
        {
            if (PendingActions.Contains(hit.Action)) return true;
        }

        return false;
    }

    private bool AnyPolicy(PolicyTrace trace) => AnyPolicy(trace.Enforced) || AnyPolicy(trace.Pending);

    private bool AnyPolicy(ImmutableArray<PolicyHit> hits)
    {
        foreach (var hit in hits)
        {
            foreach (var match in Policies)
            {
                if (match.Matches(hit)) return true;
            }
        }

        return false;
    }
}
