using FlowGrain.Abstractions.Shards;

namespace FlowGrain.Grains.Storage;

/// <summary>The shard schedule in the silo's memory: the standalone default, where one process routes every report.</summary>
public sealed class MemoryShardMapStore : IShardMapStore
{
    private ShardSchedule? _schedule;

    public Task<ShardSchedule?> LoadAsync() => Task.FromResult(Volatile.Read(ref _schedule));

    public Task WriteAsync(ShardSchedule schedule)
    {
        Volatile.Write(ref _schedule, schedule);
        return Task.CompletedTask;
    }
}
