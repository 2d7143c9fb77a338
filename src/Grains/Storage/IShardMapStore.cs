using FlowGrain.Abstractions.Shards;

namespace FlowGrain.Grains.Storage;

/// <summary>Where the shard schedule is kept: routing of past windows must survive any process, as their claims do.</summary>
public interface IShardMapStore
{
    /// <summary>The stored schedule, or null when none was ever written.</summary>
    Task<ShardSchedule?> LoadAsync();

    Task WriteAsync(ShardSchedule schedule);
}
