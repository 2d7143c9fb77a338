using System.Collections.Immutable;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Shards;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace FlowGrain.Grains;

/// <summary>
/// Keeps the shard schedule: gateways propose their configuration, and a count that differs from the one in force
/// takes effect from a window a minute ahead — gateways refresh the schedule every few seconds, so every one of them
/// routes that window alike. The schedule is written to storage before it is answered.
/// </summary>
public sealed partial class ShardMapGrain(IShardMapStore store, WindowGrid grid, FlowClock clock, ILogger<ShardMapGrain> logger) : Grain, IShardMapGrain
{
    /// <summary>How far ahead a change takes effect, in windows.</summary>
    public const int LeadWindows = 4;

    private ShardSchedule _schedule = ShardSchedule.Unsplit;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _schedule = await store.LoadAsync() ?? ShardSchedule.Unsplit;

    public Task<ShardSchedule> GetAsync() => Task.FromResult(_schedule);

    public async Task<ShardSchedule> ProposeAsync(ShardSettings settings)
    {
        var from = grid.StartOf(clock.NowSeconds) + (LeadWindows * grid.Width);
        var proposed = _schedule with
        {
            Default = Changed(_schedule.Default, Math.Max(1, settings.Default), from, "every owner"),
            ByNamespace = _schedule.ByNamespace.Keys.Union(settings.ByNamespace.Keys).ToImmutableDictionary(
                ns => ns,
                ns => Changed(_schedule.ByNamespace.GetValueOrDefault(ns, []), settings.ByNamespace.GetValueOrDefault(ns), from, ns)),
        };

        if (proposed.Default != _schedule.Default || !proposed.ByNamespace.All(e => _schedule.ByNamespace.TryGetValue(e.Key, out var was) && was == e.Value))
        {
            await store.WriteAsync(proposed);
            _schedule = proposed;
        }

        return _schedule;
    }

    /// <summary>The changes with <paramref name="shards"/> in force from <paramref name="from"/>, if that is not what holds then already.</summary>
    private ImmutableArray<ShardChange> Changed(ImmutableArray<ShardChange> changes, int shards, long from, string owner)
    {
        var (latest, since) = ShardSchedule.Latest(changes);
        if (latest == shards) return changes;
        // A change not in force yet is replaced; the past is never rewritten.
        var kept = since >= from ? changes.RemoveAt(changes.Length - 1) : changes;
        if (ShardSchedule.Latest(kept).Shards == shards) return kept;
        LogScheduled(logger, owner, shards, from);
        return kept.Add(new ShardChange(from, shards));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shards of {Owner} become {Shards} (0: the default) from the window starting at {From}")]
    private static partial void LogScheduled(ILogger logger, string owner, int shards, long from);
}
