using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace FlowGrain.Grains.Storage;

/// <summary>
/// Window storage in the silo's memory: an owner that deactivates and comes back on the same silo finds its windows;
/// a silo that stops takes them along. The default of a standalone process.
/// </summary>
public sealed class MemoryWindowStore : IWindowStore
{
    private readonly ConcurrentDictionary<string, OwnerBlocks> _owners = new(StringComparer.Ordinal);

    public bool OutlivesProcess => false;

    public Task<StoredOwner> LoadAsync(string owner)
    {
        if (!_owners.TryGetValue(owner, out var blocks)) return Task.FromResult(StoredOwner.Empty);
        lock (blocks)
        {
            var windows = blocks.Windows
                .Select(w => new StoredWindow(w.Key, w.Value.Closed, w.Value.Claims, [.. w.Value.Deltas.Values]))
                .OrderBy(w => w.Start)
                .ToImmutableArray();
            return Task.FromResult(new StoredOwner(blocks.Nodes.ToImmutableDictionary(StringComparer.Ordinal), windows));
        }
    }

    public Task WriteAsync(string owner, WindowCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.OwnerEmpty)
        {
            _owners.TryRemove(owner, out _);
            return Task.CompletedTask;
        }

        var blocks = _owners.GetOrAdd(owner, _ => new OwnerBlocks());
        lock (blocks)
        {
            foreach (var (node, number) in checkpoint.NewNodes) blocks.Nodes[node] = number;
            foreach (var delta in checkpoint.Deltas) blocks.WindowAt(delta.Start).Deltas[checkpoint.Id] = delta.Block;
            foreach (var closed in checkpoint.Closed)
            {
                var window = blocks.WindowAt(closed.Start);
                window.Closed = closed.Flows;
                window.Claims = closed.Claims;
                window.Deltas.Clear();
            }

            foreach (var start in checkpoint.Expired) blocks.Windows.Remove(start);
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> OwnersAsync() => Task.FromResult(_owners.Keys.Order(StringComparer.Ordinal).ToImmutableArray());

    private sealed class OwnerBlocks
    {
        public Dictionary<string, int> Nodes { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<long, WindowBlocks> Windows { get; } = [];

        public WindowBlocks WindowAt(long start)
        {
            if (!Windows.TryGetValue(start, out var window)) Windows[start] = window = new WindowBlocks();
            return window;
        }
    }

    private sealed class WindowBlocks
    {
        public byte[]? Closed { get; set; }

        public byte[]? Claims { get; set; }

        /// <summary>By checkpoint id, in the order written, so a checkpoint written twice counts once (as in Redis).</summary>
        public OrderedDictionary<string, byte[]> Deltas { get; } = new(StringComparer.Ordinal);
    }
}
