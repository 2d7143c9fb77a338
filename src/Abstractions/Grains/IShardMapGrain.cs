using FlowGrain.Abstractions.Shards;
using Orleans.Concurrency;

namespace FlowGrain.Abstractions.Grains;

/// <summary>The cluster's one shard schedule, kept in window storage. One instance, key 0.</summary>
[Alias("flowgrain.IShardMapGrain")]
public interface IShardMapGrain : IGrainWithIntegerKey
{
    /// <summary>The schedule as it stands.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<ShardSchedule> GetAsync();

    /// <summary>
    /// A gateway's configuration: where it differs from the counts in force, the change is scheduled from a window
    /// far enough ahead that every gateway learns of it first. Returns the schedule.
    /// </summary>
    [Alias("Propose")]
    Task<ShardSchedule> ProposeAsync(ShardSettings settings);
}
