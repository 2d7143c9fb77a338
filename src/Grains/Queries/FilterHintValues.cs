using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Grains.Queries;

/// <summary>
/// Distinct values of one field among matching flows, ascending. Policy fields read every enforced and pending hit,
/// skip Profile hits and read EndOfTier hits through their trigger.
/// </summary>
internal static class FilterHintValues
{
    public static ImmutableArray<string> Of(IReadOnlyList<WindowView> windows, HintsQuery query)
    {
        var matcher = new CachedFilter(query.Filter);
        var seenKeys = new HashSet<long>();
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var flow in windows.SelectMany(w => w.Flows))
        {
            if (!seenKeys.Add(flow.Key.Id) || !matcher.Matches(flow.Key)) continue;
            foreach (var value in ValuesOf(flow.Key, query.Field))
            {
                if (value.Length > 0) values.Add(value);
            }
        }

        return [.. values];
    }

    private static IEnumerable<string> ValuesOf(FlowKey key, HintField field) => field switch
    {
        HintField.SourceName => [key.SourceName],
        HintField.DestName => [key.DestName],
        HintField.SourceNamespace => [key.SourceNamespace],
        HintField.DestNamespace => [key.DestNamespace],
        HintField.PolicyTier => Policies(key).Select(hit => hit.Tier),
        HintField.PolicyName => Policies(key).Select(hit => hit.Name),
        HintField.PolicyNamespace => Policies(key).Select(hit => hit.Namespace),
        HintField.PolicyKind => Policies(key).Where(hit => hit.Kind != PolicyKind.Unspecified).Select(hit => hit.Kind.ToString()),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "A hint field is required."),
    };

    private static IEnumerable<PolicyHit> Policies(FlowKey key) =>
        key.Policies.All.Where(hit => hit.Kind != PolicyKind.Profile).Select(hit => hit.Attributed);
}
