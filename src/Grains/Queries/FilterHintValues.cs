using System.Collections.Immutable;
using System.Runtime.InteropServices;
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
    /// <summary>From every row of the windows.</summary>
    public static ImmutableArray<string> Of(IReadOnlyList<WindowView> windows, HintsQuery query)
    {
        var seenKeys = new HashSet<long>();
        return Of(windows.SelectMany(w => w.Flows).Select(flow => flow.Key).Where(key => seenKeys.Add(key.Id)), query);
    }

    /// <summary>From the owner's key table: each key of the range once.</summary>
    public static ImmutableArray<string> Of(KeysInRange range, HintsQuery query) => Of(range.Keys(), query);

    private static ImmutableArray<string> Of(IEnumerable<FlowKey> distinctKeys, HintsQuery query)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in distinctKeys)
        {
            if (!query.Filter.Matches(key)) continue;
            if (EndpointValue(key, query.Field) is { } value)
            {
                values.Add(value);
                continue;
            }

            foreach (var hit in Policies(key))
            {
                values.Add(PolicyValue(hit, query.Field));
            }
        }

        values.Remove("");
        var sorted = values.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return ImmutableCollectionsMarshal.AsImmutableArray(sorted);
    }

    private static string? EndpointValue(FlowKey key, HintField field) => field switch
    {
        HintField.SourceName => key.SourceName,
        HintField.DestName => key.DestName,
        HintField.SourceNamespace => key.SourceNamespace,
        HintField.DestNamespace => key.DestNamespace,
        HintField.PolicyTier or HintField.PolicyName or HintField.PolicyNamespace or HintField.PolicyKind => null,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "A hint field is required."),
    };

    private static string PolicyValue(PolicyHit hit, HintField field) => field switch
    {
        HintField.PolicyTier => hit.Tier,
        HintField.PolicyName => hit.Name,
        HintField.PolicyNamespace => hit.Namespace,
        _ => hit.Kind == PolicyKind.Unspecified ? "" : hit.Kind.ToString(),
    };

    private static IEnumerable<PolicyHit> Policies(FlowKey key) =>
        key.Policies.All.Where(hit => hit.Kind != PolicyKind.Profile).Select(hit => hit.Attributed);
}
