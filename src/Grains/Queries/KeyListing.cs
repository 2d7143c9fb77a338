using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Grains.Queries;

/// <summary>
/// A List over the whole range read from the owner's key table: every key the range holds is matched and ranked
/// by its key and its first window in the range, and only the keys of the requested head have their rows summed.
/// One step per key, where summing first would take one per key and window.
/// </summary>
internal static class KeyListing
{
    public static FlowPage List(KeysInRange range, FlowListQuery query)
    {
        var ordering = new FlowOrdering(query.Sort);
        // Ties after the sort keys are broken by the key id, unique per row here: the start matters only to a Time sort.
        var byTime = query.Sort.IsDefaultOrEmpty || query.Sort.Contains(FlowSort.Time);
        var candidates = new List<Candidate>();
        for (var slot = 0; slot < range.SlotLimit; slot++)
        {
            if (range.KeyIn(slot) is not { } key || !query.Filter.Matches(key)) continue;
            candidates.Add(new Candidate(slot, key, byTime ? range.FirstStart(slot) : 0));
        }

        var head = TopSelection.Take(candidates, Comparer<Candidate>.Create((x, y) => ordering.Compare(x.Key, x.Start, y.Key, y.Start)), query.Limit);
        return new FlowPage(candidates.Count, range.Rows(head.Select(c => c.Slot).ToArray()));
    }

    private readonly record struct Candidate(int Slot, FlowKey Key, long Start);
}
