using System.Collections.Immutable;

namespace FlowGrain.Grains.Queries;

/// <summary>The first <c>limit</c> items of a sequence in a given order, without sorting all of it when the limit is small.</summary>
public static class TopSelection
{
    public static ImmutableArray<T> Take<T>(IReadOnlyCollection<T> items, IComparer<T> order, int limit)
    {
        if (limit <= 0 || limit >= items.Count / 4)
        {
            var all = items.ToArray();
            Array.Sort(all, order);
            return limit > 0 && limit < all.Length ? [.. all.AsSpan(0, limit)] : [.. all];
        }

        // A max-heap of the best `limit` items seen: the root is the worst of them, evicted by anything better.
        var heap = new PriorityQueue<T, T>(limit + 1, Comparer<T>.Create((a, b) => order.Compare(b, a)));
        foreach (var item in items)
        {
            if (heap.Count < limit)
            {
                heap.Enqueue(item, item);
            }
            else if (order.Compare(item, heap.Peek()) < 0)
            {
                heap.EnqueueDequeue(item, item);
            }
        }

        var top = new T[heap.Count];
        for (var i = top.Length - 1; i >= 0; i--)
        {
            top[i] = heap.Dequeue();
        }

        return [.. top];
    }
}
