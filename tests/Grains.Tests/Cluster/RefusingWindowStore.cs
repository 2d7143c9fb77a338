using System.Collections.Concurrent;
using System.Collections.Immutable;
using FlowGrain.Grains.Storage;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>Memory window storage that can be told to refuse one owner's writes, as Redis does while it is unreachable.</summary>
public sealed class RefusingWindowStore : IWindowStore
{
    private readonly MemoryWindowStore _inner = new();
    private readonly ConcurrentDictionary<string, byte> _refused = new(StringComparer.Ordinal);

    public bool OutlivesProcess => _inner.OutlivesProcess;

    public void Refuse(string owner) => _refused[owner] = 0;

    public void Accept(string owner) => _refused.TryRemove(owner, out _);

    public Task<StoredOwner> LoadAsync(string owner) => _inner.LoadAsync(owner);

    public Task WriteAsync(string owner, WindowCheckpoint checkpoint) =>
        _refused.ContainsKey(owner) ? throw new System.IO.IOException($"storage refuses writes for {owner}") : _inner.WriteAsync(owner, checkpoint);

    public Task<ImmutableArray<string>> OwnersAsync() => _inner.OwnersAsync();
}
