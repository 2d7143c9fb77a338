using System.Collections.Immutable;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Grains.Storage;

namespace FlowGrain.Grains;

/// <summary>
/// The set of owners holding flows. A new activation (after its silo died) starts from the owners in window
/// storage; owners also re-register periodically, so the ones not stored yet come back by themselves.
/// </summary>
public sealed class OwnerDirectoryGrain(IWindowStore store) : Grain, IOwnerDirectoryGrain
{
    private readonly HashSet<string> _owners = new(StringComparer.Ordinal);
    private ImmutableArray<string>? _snapshot;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _owners.UnionWith(await store.OwnersAsync());
        await base.OnActivateAsync(cancellationToken);
    }

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
