using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// One instance of each distinct value (a key, a label set, a name) per owner, counted by the closed windows that
/// hold it and dropped when the last of them expires. Deserialisation makes fresh objects for every report;
/// without this, every window would keep its own copy of every key.
/// </summary>
/// <param name="canonical">Makes the instance the pool keeps from the first one it sees (e.g. with shared parts).</param>
/// <param name="removed">Told of an instance that left the pool, to release its parts.</param>
internal sealed class InternPool<T>(Func<T, T>? canonical = null, Action<T>? removed = null)
    where T : class
{
    private readonly Dictionary<T, Entry> _entries = [];

    /// <summary>Distinct values held.</summary>
    public int Count => _entries.Count;

    public IEnumerable<T> Values => _entries.Keys;

    /// <summary>The pool's instance equal to <paramref name="value"/>, counted once more.</summary>
    public T Intern(T value)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, value);
        if (!Unsafe.IsNullRef(ref entry))
        {
            entry.Uses++;
            return entry.Value;
        }

        // The dictionary keeps its key instance, so the canonical one must be the key, not only the value.
        var kept = canonical is null ? value : canonical(value);
        _entries.Add(kept, new Entry { Value = kept, Uses = 1 });
        return kept;
    }

    /// <summary>One use fewer; the value leaves the pool with its last use.</summary>
    public void Release(T value)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, value);
        if (Unsafe.IsNullRef(ref entry) || --entry.Uses > 0) return;
        var kept = entry.Value;
        _entries.Remove(value);
        removed?.Invoke(kept);
    }

    private struct Entry
    {
        public T Value;
        public int Uses;
    }
}
