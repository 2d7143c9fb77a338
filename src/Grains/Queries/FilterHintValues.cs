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
    public static ImmutableArray<string> Of(KeysInRange range, HintsQuery query)
    {
        if (!query.Filter.IsEmpty || EndpointValue(query.Field) is not { } value) return Of(range.Keys(), query);

        // Every key's endpoint names, read from the table's dense sort fields rather than from the keys themselves.
        var values = new HashSet<string>(StringComparer.Ordinal);
        for (var slot = 0; slot < range.SlotLimit; slot++)
        {
            if (range.Holds(slot)) values.Add(value(range.SortFieldsOf(slot)));
        }

        return Sorted(values);
    }

    private static ImmutableArray<string> Of(IEnumerable<FlowKey> distinctKeys, HintsQuery query)
    {
        if (query.Field == HintField.Unspecified) throw new ArgumentOutOfRangeException(nameof(query), query.Field, "A hint field is required.");
        var endpoint = EndpointValue(query.Field);
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in distinctKeys)
        {
            if (!query.Filter.Matches(key)) continue;
            if (endpoint is not null)
            {
                values.Add(endpoint(FlowSortFields.Of(key)));
                continue;
            }

            foreach (var hit in Policies(key))
            {
                values.Add(PolicyValue(hit, query.Field));
            }
        }

        return Sorted(values);
    }

    private static ImmutableArray<string> Sorted(HashSet<string> values)
    {
        values.Remove("");
        var sorted = values.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return ImmutableCollectionsMarshal.AsImmutableArray(sorted);
    }

    private static Func<FlowSortFields, string>? EndpointValue(HintField field) => field switch
    {
        HintField.SourceName => fields => fields.SourceName,
        HintField.DestName => fields => fields.DestName,
        HintField.SourceNamespace => fields => fields.SourceNamespace,
        HintField.DestNamespace => fields => fields.DestNamespace,
        _ => null,
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
