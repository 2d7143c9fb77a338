using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace FlowGrain.Grains.Queries;

/// <summary>The first <c>limit</c> items of a sequence in a given order, without sorting all of it when the limit is small.</summary>
public static class TopSelection
{
    public static ImmutableArray<T> Take<T>(IReadOnlyCollection<T> items, IComparer<T> order, int limit)
    {
        var head = new Head<T>(order, limit);
        foreach (var item in items) head.Offer(item);
        return head.Take();
    }

    /// <summary>
    /// Keeps the first <c>limit</c> items (0: all) of those offered one by one, so a caller ranking thousands of keys
    /// holds only the head: a max-heap whose root, the worst item kept, is evicted by anything better.
    /// </summary>
    public sealed class Head<T>(IComparer<T> order, int limit)
    {
        private readonly List<T> _items = [];

        /// <summary>Items offered so far.</summary>
        public long Offered { get; private set; }

        public void Offer(T item)
        {
            Offered++;
            if (limit <= 0 || _items.Count < limit)
            {
                _items.Add(item);
                if (limit > 0) SiftUp(_items.Count - 1);
            }
            else if (order.Compare(item, _items[0]) < 0)
            {
                _items[0] = item;
                SiftDown(0);
            }
        }

        /// <summary>The items kept, in order.</summary>
        public ImmutableArray<T> Take()
        {
            var kept = _items.ToArray();
            Array.Sort(kept, order);
            return ImmutableCollectionsMarshal.AsImmutableArray(kept);
        }

        private void SiftUp(int i)
        {
            var items = CollectionsMarshal.AsSpan(_items);
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (order.Compare(items[i], items[parent]) <= 0) return;
                (items[i], items[parent]) = (items[parent], items[i]);
                i = parent;
            }
        }

        private void SiftDown(int i)
        {
            var items = CollectionsMarshal.AsSpan(_items);
            while (true)
            {
                int left = (2 * i) + 1, right = left + 1, worst = i;
                if (left < items.Length && order.Compare(items[left], items[worst]) > 0) worst = left;
                if (right < items.Length && order.Compare(items[right], items[worst]) > 0) worst = right;
                if (worst == i) return;
                (items[i], items[worst]) = (items[worst], items[i]);
                i = worst;
            }
        }
    }
}
