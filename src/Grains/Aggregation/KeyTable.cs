using System.Numerics;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Grains.Queries;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// The owner's keys, one instance each, numbered by slot, with the windows that hold each key as bits over the
/// ring of window positions, and each key's counters summed over its closed windows with the labels it had in them
/// (when they were the same in each). A key stays while some window holds it. Queries over a range read one entry
/// here per key instead of one row per key and window. Only the grain's turn reads or changes it.
/// </summary>
/// <param name="positions">Window positions in the ring (rounded up to a multiple of 64).</param>
/// <param name="canonical">Makes the instance the table keeps from the first one it sees (e.g. with pooled parts).</param>
/// <param name="removed">Told of a key that left the table, to release its parts.</param>
internal sealed class KeyTable(int positions, Func<FlowKey, FlowKey>? canonical = null, Action<FlowKey>? removed = null)
{
    private readonly Dictionary<FlowKey, int> _slots = [];
    private readonly Stack<int> _free = [];
    private FlowKey?[] _keys = new FlowKey?[64];
    private ulong[] _presence = new ulong[64 * ((positions + 63) / 64)];
    private FlowSortFields[] _sortFields = new FlowSortFields[64];
    private FlowCounters[] _closedCounters = new FlowCounters[64];
    private ClosedLabels[] _closedLabels = new ClosedLabels[64];

    /// <summary>Words of presence bits per key.</summary>
    public int Words { get; private set; } = (positions + 63) / 64;

    /// <summary>Window positions the presence bits cover.</summary>
    public int Positions => Words * 64;

    /// <summary>Distinct keys held.</summary>
    public int Count => _slots.Count;

    /// <summary>One past the highest slot ever used: scans run from 0 to here and skip free slots.</summary>
    public int SlotLimit { get; private set; }

    /// <summary>The key in <paramref name="slot"/>, or null when the slot is free.</summary>
    public FlowKey? KeyAt(int slot) => _keys[slot];

    /// <summary>What a list's order reads of the key in <paramref name="slot"/>, without reaching for the key.</summary>
    public ref readonly FlowSortFields SortFieldsOf(int slot) => ref _sortFields[slot];

    /// <summary>The positions of the windows that hold the key in <paramref name="slot"/>, as bits.</summary>
    public ReadOnlySpan<ulong> PresenceOf(int slot) => _presence.AsSpan(slot * Words, Words);

    /// <summary>The slot of a key the table holds.</summary>
    public bool TryFind(FlowKey key, out int slot) => _slots.TryGetValue(key, out slot);

    /// <summary>
    /// Records that the window at <paramref name="position"/> holds <paramref name="key"/> and returns the key's slot;
    /// <paramref name="kept"/> is the table's instance of it. A window records each of its keys once.
    /// </summary>
    public int Add(FlowKey key, int position, out FlowKey kept)
    {
        if (!_slots.TryGetValue(key, out var slot))
        {
            // The dictionary keeps its key instance, so the canonical one must be the key, not only the value.
            kept = canonical is null ? key : canonical(key);
            slot = _free.Count > 0 ? _free.Pop() : NewSlot();
            _slots.Add(kept, slot);
            _keys[slot] = kept;
            _sortFields[slot] = FlowSortFields.Of(kept);
        }
        else
        {
            kept = _keys[slot]!;
        }

        _presence[(slot * Words) + (position >> 6)] |= 1UL << (position & 63);
        return slot;
    }

    /// <summary>The window at <paramref name="position"/> no longer holds the key; the key leaves with its last window.</summary>
    public void Remove(int slot, int position)
    {
        var words = _presence.AsSpan(slot * Words, Words);
        words[position >> 6] &= ~(1UL << (position & 63));
        if (_keys[slot] is not { } key || words.ContainsAnyExcept(0UL)) return;

        _slots.Remove(key);
        _keys[slot] = null;
        _sortFields[slot] = default;
        _closedCounters[slot] = default;
        _closedLabels[slot] = default;
        _free.Push(slot);
        removed?.Invoke(key);
    }

    /// <summary>A closed window's row of the key (or late reports added to it) joins the key's closed totals.</summary>
    public void AddClosed(int slot, LabelSet sourceLabels, LabelSet destLabels, FlowCounters counters)
    {
        _closedCounters[slot] += counters;
        ref var labels = ref _closedLabels[slot];
        if (labels.Source is null)
        {
            labels = new ClosedLabels(sourceLabels, destLabels, Mixed: false);
        }
        else if (!labels.Mixed && !(labels.Source.Equals(sourceLabels) && labels.Dest!.Equals(destLabels)))
        {
            // Intersections cannot be undone when a window expires: from now on the key's rows are summed one by one.
            labels = labels with { Mixed = true };
        }
    }

    /// <summary>A closed window that held the key expired.</summary>
    public void SubtractClosed(int slot, FlowCounters counters) => _closedCounters[slot] -= counters;

    /// <summary>The key's counters summed over every closed window that holds it.</summary>
    public FlowCounters ClosedCounters(int slot) => _closedCounters[slot];

    /// <summary>The labels the key had in every closed window that held it; false when they differed (or none closed).</summary>
    public bool TryGetUniformLabels(int slot, out LabelSet sourceLabels, out LabelSet destLabels)
    {
        var labels = _closedLabels[slot];
        sourceLabels = labels.Source ?? LabelSet.Empty;
        destLabels = labels.Dest ?? LabelSet.Empty;
        return labels.Source is not null && !labels.Mixed;
    }

    /// <summary>How many windows hold the key in <paramref name="slot"/>.</summary>
    public int WindowsOf(int slot)
    {
        var count = 0;
        foreach (var word in PresenceOf(slot)) count += BitOperations.PopCount(word);
        return count;
    }

    /// <summary>Adds 64 window positions (every key's presence gets a word more).</summary>
    public void GrowPositions()
    {
        var words = Words + 1;
        var presence = new ulong[_keys.Length * words];
        for (var slot = 0; slot < SlotLimit; slot++) PresenceOf(slot).CopyTo(presence.AsSpan(slot * words, Words));
        _presence = presence;
        Words = words;
    }

    private int NewSlot()
    {
        if (SlotLimit == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref _presence, _keys.Length * Words);
            Array.Resize(ref _sortFields, _keys.Length);
            Array.Resize(ref _closedCounters, _keys.Length);
            Array.Resize(ref _closedLabels, _keys.Length);
        }

        return SlotLimit++;
    }

    private readonly record struct ClosedLabels(LabelSet? Source, LabelSet? Dest, bool Mixed);
}
