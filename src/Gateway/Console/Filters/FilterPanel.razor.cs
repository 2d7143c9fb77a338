using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Console.State;
using FlowGrain.Gateway.Http;
using Microsoft.AspNetCore.Components;

namespace FlowGrain.Gateway.Console.Filters;

/// <summary>Turns each change of a filter field into the next <see cref="ConsoleQuery"/> for the page to navigate to.</summary>
public sealed partial class FilterPanel
{
    private static readonly string[] KnownProtocols = ["tcp", "udp", "icmp", "sctp"];

    [Parameter, EditorRequired]
    public ConsoleQuery Query { get; set; } = ConsoleQuery.Default;

    [Parameter]
    public EventCallback<ConsoleQuery> QueryChanged { get; set; }

    /// <summary>The range resolved to absolute seconds, for filter hints.</summary>
    [Parameter, EditorRequired]
    public TimeRange Range { get; set; }

    /// <summary>The current time of the flow clock, to resolve custom ranges.</summary>
    [Parameter, EditorRequired]
    public long Now { get; set; }

    private PolicyMatch Policy => FilterEdits.EditedPolicy(Query.Filter);

    private IReadOnlyCollection<string> Protocols => [.. Query.Filter.Protocols.Select(p => p.Value)];

    private Task ChangeAsync(FlowFilter filter) => QueryChanged.InvokeAsync(Query with { Filter = filter });

    private Task OnRangeChosenAsync(long from) => from == RangeChoice.Custom
        ? QueryChanged.InvokeAsync(Query with { From = Math.Max(Range.From, Now - 900), Until = Now })
        : QueryChanged.InvokeAsync(Query with { From = from, Until = 0 });

    private Task OnCustomRangeAsync(TimeSpan? from, TimeSpan? until)
    {
        var start = from is { } f ? LatestAt(f) : Query.From;
        var end = until is { } u ? LatestAt(u) : Query.Until;
        if (end <= start) end = Math.Min(start + 900, Now);
        return QueryChanged.InvokeAsync(Query with { From = start, Until = end });
    }

    /// <summary>The most recent instant, not after now, at the given UTC time of day (retention is at most a day or so).</summary>
    private long LatestAt(TimeSpan timeOfDay)
    {
        var today = DateTimeOffset.FromUnixTimeSeconds(Now).UtcDateTime.Date + timeOfDay;
        var instant = new DateTimeOffset(today, TimeSpan.Zero).ToUnixTimeSeconds();
        return instant > Now ? instant - 86_400 : instant;
    }

    private static TimeSpan? TimeOfDay(long unixSeconds) =>
        unixSeconds > 0 ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.TimeOfDay : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string Describe(PolicyMatch policy) => string.Join(" ", new[]
    {
        policy.Kind == Abstractions.Flows.PolicyKind.Unspecified ? "" : WhiskerNames.Of(policy.Kind),
        policy.Tier.IsWildcard ? "" : $"tier {policy.Tier.Value}",
        policy.Namespace.IsWildcard ? "" : $"namespace {policy.Namespace.Value}",
        policy.Name.IsWildcard ? "" : $"name {policy.Name.Value}",
        policy.Action == Abstractions.Flows.FlowAction.Unspecified ? "" : WhiskerNames.Of(policy.Action),
    }.Where(part => part.Length > 0));
}
