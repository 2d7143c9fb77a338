using System.Collections.Immutable;

namespace FlowGrain.Abstractions.Shards;

/// <summary>
/// How many shards each owner has, window by window: every gateway routes a report by the count in force for its
/// window, so a node's report and its replay, through any gateway, land in the same shard. Changes take effect at
/// a window boundary set ahead of time; the past never changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.ShardSchedule")]
public sealed record ShardSchedule(
    [property: Id(0)] ImmutableArray<ShardChange> Default,
    [property: Id(1)] ImmutableDictionary<string, ImmutableArray<ShardChange>> ByNamespace)
{
    public static readonly ShardSchedule Unsplit = new([], ImmutableDictionary<string, ImmutableArray<ShardChange>>.Empty);

    /// <summary>The shards of <paramref name="ns"/> for the window starting at <paramref name="windowStart"/>.</summary>
    public int ShardsAt(string ns, long windowStart)
    {
        if (ByNamespace.TryGetValue(ns, out var changes) && At(changes, windowStart) is > 0 and var own) return own;
        return Math.Max(1, At(Default, windowStart));
    }

    /// <summary>The count of the newest change (0 when the namespace follows the default), and from which window.</summary>
    public static (int Shards, long From) Latest(ImmutableArray<ShardChange> changes) =>
        changes.IsDefaultOrEmpty ? (0, long.MinValue) : (changes[^1].Shards, changes[^1].FromWindow);

    private static int At(ImmutableArray<ShardChange> changes, long windowStart)
    {
        var shards = 0;
        foreach (var change in changes)
        {
            if (change.FromWindow > windowStart) break;
            shards = change.Shards;
        }

        return shards;
    }
}

/// <summary>From the window starting at <see cref="FromWindow"/> on, <see cref="Shards"/> shards (0: as the default).</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.ShardChange")]
public sealed record ShardChange([property: Id(0)] long FromWindow, [property: Id(1)] int Shards);

/// <summary>What a gateway is configured with: shards for every owner by default, and per namespace.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.ShardSettings")]
public sealed record ShardSettings(
    [property: Id(0)] int Default,
    [property: Id(1)] ImmutableDictionary<string, int> ByNamespace);
