using System.Collections.Immutable;
using FlowGrain.Abstractions.Grains;

namespace FlowGrain.Grains;

/// <summary>The set of owners holding flows; owners re-register periodically, so a lost activation heals itself.</summary>
public sealed class OwnerDirectoryGrain : Grain, IOwnerDirectoryGrain
{
    private readonly HashSet<string> _owners = new(StringComparer.Ordinal);
    private ImmutableArray<string>? _snapshot;

    public Task RegisterAsync(string owner)
    {
        if (_owners.Add(owner)) _snapshot = null;
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(string owner)
    {
        if (_owners.Remove(owner)) _snapshot = null;
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> GetOwnersAsync() =>
        Task.FromResult(_snapshot ??= [.. _owners.Order(StringComparer.Ordinal)]);
}
