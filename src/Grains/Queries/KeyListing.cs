using System.Collections.Immutable;
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
        var head = new TopSelection.Head<Candidate>(new CandidateOrder(range, ordering), query.Limit);
        foreach (var slot in MatchingSlots(range, query.Filter)) head.Offer(new Candidate(slot, byTime ? range.FirstStart(slot) : 0));

        return new FlowPage(head.Offered, range.Rows([.. head.Take().Select(c => c.Slot)]));
    }

    /// <summary>One shard's part of a List merged across the shards of its owner.</summary>
    public static ShardKeys Keys(KeysInRange range, FlowListQuery query)
    {
        var ordering = new FlowOrdering(query.Sort);
        var head = new TopSelection.Head<Candidate>(new CandidateOrder(range, ordering), query.Limit);
        var matching = new List<(long Id, long Start)>();
        foreach (var slot in MatchingSlots(range, query.Filter))
        {
            var start = range.FirstStart(slot);
            matching.Add((range.SortFieldsOf(slot).Id, start));
            head.Offer(new Candidate(slot, start));
        }

        matching.Sort();
        return new ShardKeys([.. matching.Select(m => m.Id)], [.. matching.Select(m => m.Start)], [.. head.Take().Select(c => range.KeyAt(c.Slot))]);
    }

    /// <summary>The rows of the keys with the given ids, of those the range holds.</summary>
    public static ImmutableArray<AggregatedFlow> Rows(KeysInRange range, ImmutableArray<long> ids)
    {
        var wanted = ids.ToHashSet();
        var slots = new List<int>();
        for (var slot = 0; slot < range.SlotLimit && slots.Count < wanted.Count; slot++)
        {
            if (range.Holds(slot) && wanted.Contains(range.SortFieldsOf(slot).Id)) slots.Add(slot);
        }

        return range.Rows([.. slots]);
    }

    /// <summary>The slots of the keys the range holds that match <paramref name="filter"/>.</summary>
    private static IEnumerable<int> MatchingSlots(KeysInRange range, FlowFilter filter)
    {
        var everything = filter.IsEmpty;
        for (var slot = 0; slot < range.SlotLimit; slot++)
        {
            if (range.Holds(slot) && (everything || filter.Matches(range.KeyAt(slot)))) yield return slot;
        }
    }

    private readonly record struct Candidate(int Slot, long Start);

    private sealed class CandidateOrder(KeysInRange range, FlowOrdering ordering) : IComparer<Candidate>
    {
        public int Compare(Candidate x, Candidate y) => ordering.Compare(range.SortFieldsOf(x.Slot), x.Start, range.SortFieldsOf(y.Slot), y.Start);
    }
}
