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
            return Task.FromResult(new StoredOwner(blocks.Nodes.ToImmutableDictionary(StringComparer.Ordinal), Stored(blocks.Windows), Stored(blocks.Rollups)));
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
            Apply(blocks.Windows, checkpoint.Id, checkpoint.Deltas, checkpoint.Closed, checkpoint.Expired);
            Apply(blocks.Rollups, checkpoint.Id, checkpoint.RollupDeltas, checkpoint.RollupsMade, checkpoint.RollupsExpired);
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> OwnersAsync() => Task.FromResult(_owners.Keys.Order(StringComparer.Ordinal).ToImmutableArray());

    /// <summary>Deltas first, then whole windows (which replace their deltas, those of this checkpoint too), then expiries.</summary>
    private static void Apply(SortedDictionary<long, WindowBlocks> windows, string id, ImmutableArray<WindowDelta> deltas,
        ImmutableArray<ClosedWindowBlock> closed, ImmutableArray<long> expired)
    {
        foreach (var delta in deltas) WindowAt(windows, delta.Start).Deltas[id] = delta.Block;
        foreach (var block in closed)
        {
            var window = WindowAt(windows, block.Start);
            window.Closed = block.Flows;
            window.Claims = block.Claims;
            window.Deltas.Clear();
        }

        foreach (var start in expired) windows.Remove(start);
    }

    private static WindowBlocks WindowAt(SortedDictionary<long, WindowBlocks> windows, long start)
    {
        if (!windows.TryGetValue(start, out var window)) windows[start] = window = new WindowBlocks();
        return window;
    }

    private static ImmutableArray<StoredWindow> Stored(SortedDictionary<long, WindowBlocks> windows) =>
        [.. windows.Select(w => new StoredWindow(w.Key, w.Value.Closed, w.Value.Claims, [.. w.Value.Deltas.Values]))];

    private sealed class OwnerBlocks
    {
        public Dictionary<string, int> Nodes { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<long, WindowBlocks> Windows { get; } = [];

        public SortedDictionary<long, WindowBlocks> Rollups { get; } = [];
    }

    private sealed class WindowBlocks
    {
        public byte[]? Closed { get; set; }

        public byte[]? Claims { get; set; }

        /// <summary>By checkpoint id, in the order written, so a checkpoint written twice counts once (as in Redis).</summary>
        public OrderedDictionary<string, byte[]> Deltas { get; } = new(StringComparer.Ordinal);
    }
}
