using System.Collections.Immutable;
using FlowGrain.Abstractions.Shards;

namespace FlowGrain.Grains.Tests.Flows;

/// <summary>Owner shards: a stable split by reporting node, and a schedule that changes at window boundaries only.</summary>
public sealed class ShardScheduleTests
{
    [Fact]
    public void A_node_always_lands_in_the_same_shard_and_nodes_spread_over_all_of_them()
    {
        Assert.Equal(OwnerShard.KeyOf("shop", "node-7", 4), OwnerShard.KeyOf("shop", "node-7", 4));
        Assert.Equal("shop", OwnerShard.KeyOf("shop", "node-7", 1));
        var shards = Enumerable.Range(0, 200).Select(i => OwnerShard.KeyOf("shop", $"node-{i}", 4)).Distinct().Order().ToList();
        Assert.Equal(["shop/0", "shop/1", "shop/2", "shop/3"], shards);
        // FNV-1a, not a per-process string hash: the same in every process and version.
        Assert.Equal("shop/3", OwnerShard.KeyOf("shop", "node-1", 4)); // FNV-1a("node-1") = 0xe696ecc2207879c3
        Assert.All(shards, key => Assert.Equal("shop", OwnerShard.NamespaceOf(key)));
        Assert.Equal("-", OwnerShard.NamespaceOf("-/3"));
    }

    [Fact]
    public void The_count_in_force_for_a_window_is_its_namespaces_latest_change_by_then_or_else_the_defaults()
    {
        var schedule = new ShardSchedule(
            [new ShardChange(100, 1), new ShardChange(400, 2)],
            ImmutableDictionary<string, ImmutableArray<ShardChange>>.Empty.Add("hot", [new ShardChange(200, 8), new ShardChange(300, 0)]));

        Assert.Equal(1, schedule.ShardsAt("hot", 50));
        Assert.Equal(1, schedule.ShardsAt("hot", 185));
        Assert.Equal(8, schedule.ShardsAt("hot", 200));
        Assert.Equal(8, schedule.ShardsAt("hot", 299));
        Assert.Equal(1, schedule.ShardsAt("hot", 300)); // back to the default
        Assert.Equal(2, schedule.ShardsAt("hot", 400));
        Assert.Equal(2, schedule.ShardsAt("cold", 415));
        Assert.Equal(1, ShardSchedule.Unsplit.ShardsAt("cold", 415));
    }
}
