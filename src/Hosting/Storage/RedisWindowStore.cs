using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using FlowGrain.Abstractions.Shards;
using FlowGrain.Grains.Storage;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FlowGrain.Hosting.Storage;

/// <summary>
/// Window storage in Redis. Per owner (all its keys share one hash slot, so a checkpoint is one MULTI/EXEC):
/// <c>nodes</c> (hash: node name → number), <c>windows</c> (set of window starts), <c>closed</c> (hash: start →
/// the window's final block, written once at close), <c>claims:START</c> (the closed window's dedup claims, with a
/// TTL until no node can replay into it), <c>deltas:START</c> (hash: checkpoint id → delta block; a hash, not a
/// list, so that a checkpoint retried after an unclear failure is written once). Roll-ups the same way, apart:
/// <c>rollups</c>, <c>rclosed</c>, <c>rdeltas:START</c>. The set <c>owners</c> lists the owners that have windows;
/// <c>shard-map</c> (JSON) is the cluster's shard schedule.
/// </summary>
public sealed partial class RedisWindowStore : IWindowStore, IShardMapStore, IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _redis;
    private readonly string _service;
    private readonly RedisKey _ownersKey;
    private readonly RedisKey _shardMapKey;

    public RedisWindowStore(string connectionString, string serviceId, ILogger<RedisWindowStore> logger)
    {
        _service = serviceId;
        _ownersKey = $"fg:{{{serviceId}}}:owners";
        _shardMapKey = $"fg:{{{serviceId}}}:shard-map";
        _redis = new Lazy<Task<ConnectionMultiplexer>>(async () =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false; // reconnect by itself after Redis restarts
            var redis = await ConnectionMultiplexer.ConnectAsync(options);
            redis.ConnectionFailed += (_, e) => LogConnectionFailed(logger, e.EndPoint, e.FailureType);
            redis.ConnectionRestored += (_, e) => LogConnectionRestored(logger, e.EndPoint);
            return redis;
        });
    }

    public bool OutlivesProcess => true;

    public async Task<StoredOwner> LoadAsync(string owner)
    {
        var db = await DatabaseAsync();
        var keys = new OwnerKeys(_service, owner);
        var nodesTask = db.HashGetAllAsync(keys.Nodes);
        var windowsTask = LoadWindowsAsync(db, keys.Windows, keys.Closed, keys.Claims, keys.Deltas);
        var rollupsTask = LoadWindowsAsync(db, keys.Rollups, keys.RollupsClosed, claims: null, keys.RollupDeltas);
        var nodes = (await nodesTask).ToImmutableDictionary(e => e.Name.ToString(), e => (int)e.Value, StringComparer.Ordinal);
        return new StoredOwner(nodes, await windowsTask, await rollupsTask);
    }

    private static async Task<ImmutableArray<StoredWindow>> LoadWindowsAsync(IDatabase db, RedisKey startsKey, RedisKey closedKey,
        Func<long, RedisKey>? claims, Func<long, RedisKey> deltas)
    {
        var startsTask = db.SetMembersAsync(startsKey);
        var closedTask = db.HashGetAllAsync(closedKey);
        var starts = (await startsTask).Select(v => long.Parse(v.ToString(), CultureInfo.InvariantCulture)).Order().ToArray();
        var claimTasks = starts.Select(s => claims is null ? Task.FromResult(RedisValue.Null) : db.StringGetAsync(claims(s))).ToArray();
        var deltaTasks = starts.Select(s => db.HashValuesAsync(deltas(s))).ToArray();
        var closed = (await closedTask).ToDictionary(e => long.Parse(e.Name.ToString(), CultureInfo.InvariantCulture), e => (byte[])e.Value!);

        var windows = ImmutableArray.CreateBuilder<StoredWindow>(starts.Length);
        for (var i = 0; i < starts.Length; i++)
        {
            var claim = await claimTasks[i];
            windows.Add(new StoredWindow(starts[i], closed.GetValueOrDefault(starts[i]), claim.HasValue ? (byte[])claim! : null,
                [.. (await deltaTasks[i]).Select(d => (byte[])d!)]));
        }

        return windows.ToImmutable();
    }

    public async Task WriteAsync(string owner, WindowCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var db = await DatabaseAsync();
        var keys = new OwnerKeys(_service, owner);
        if (checkpoint.OwnerEmpty)
        {
            var starts = await db.SetMembersAsync(keys.Windows);
            var rollups = await db.SetMembersAsync(keys.Rollups);
            var all = starts.Select(v => long.Parse(v.ToString(), CultureInfo.InvariantCulture))
                .SelectMany(s => new[] { keys.Claims(s), keys.Deltas(s) })
                .Concat(rollups.Select(v => keys.RollupDeltas(long.Parse(v.ToString(), CultureInfo.InvariantCulture))))
                .Concat([keys.Nodes, keys.Windows, keys.Closed, keys.Rollups, keys.RollupsClosed])
                .ToArray();
            await db.KeyDeleteAsync(all);
            await db.SetRemoveAsync(_ownersKey, owner);
            return;
        }

        var tx = db.CreateTransaction();
        var queued = new List<Task>();
        if (!checkpoint.NewNodes.IsEmpty)
        {
            queued.Add(tx.HashSetAsync(keys.Nodes, [.. checkpoint.NewNodes.Select(n => new HashEntry(n.Key, n.Value))]));
        }

        foreach (var delta in checkpoint.Deltas)
        {
            queued.Add(tx.SetAddAsync(keys.Windows, delta.Start));
            queued.Add(tx.HashSetAsync(keys.Deltas(delta.Start), checkpoint.Id, delta.Block));
        }

        foreach (var closed in checkpoint.Closed)
        {
            queued.Add(tx.SetAddAsync(keys.Windows, closed.Start));
            queued.Add(tx.HashSetAsync(keys.Closed, closed.Start, closed.Flows));
            queued.Add(tx.KeyDeleteAsync(keys.Deltas(closed.Start)));
            queued.Add(closed.ClaimsLifetime > TimeSpan.Zero
                ? tx.StringSetAsync(keys.Claims(closed.Start), closed.Claims, closed.ClaimsLifetime)
                : tx.KeyDeleteAsync(keys.Claims(closed.Start)));
        }

        foreach (var start in checkpoint.Expired)
        {
            queued.Add(tx.SetRemoveAsync(keys.Windows, start));
            queued.Add(tx.HashDeleteAsync(keys.Closed, start));
            queued.Add(tx.KeyDeleteAsync([keys.Claims(start), keys.Deltas(start)]));
        }

        // Roll-ups: amendments, then roll-ups made whole (which replace their amendments), then expiries.
        foreach (var delta in checkpoint.RollupDeltas)
        {
            queued.Add(tx.SetAddAsync(keys.Rollups, delta.Start));
            queued.Add(tx.HashSetAsync(keys.RollupDeltas(delta.Start), checkpoint.Id, delta.Block));
        }

        foreach (var made in checkpoint.RollupsMade)
        {
            queued.Add(tx.SetAddAsync(keys.Rollups, made.Start));
            queued.Add(tx.HashSetAsync(keys.RollupsClosed, made.Start, made.Flows));
            queued.Add(tx.KeyDeleteAsync(keys.RollupDeltas(made.Start)));
        }

        foreach (var start in checkpoint.RollupsExpired)
        {
            queued.Add(tx.SetRemoveAsync(keys.Rollups, start));
            queued.Add(tx.HashDeleteAsync(keys.RollupsClosed, start));
            queued.Add(tx.KeyDeleteAsync(keys.RollupDeltas(start)));
        }

        if (!await tx.ExecuteAsync()) throw new RedisException($"The checkpoint of owner {owner} was not applied.");
        await Task.WhenAll(queued);
        await db.SetAddAsync(_ownersKey, owner);
    }

    public async Task<ImmutableArray<string>> OwnersAsync()
    {
        var db = await DatabaseAsync();
        return [.. (await db.SetMembersAsync(_ownersKey)).Select(v => v.ToString()).Order(StringComparer.Ordinal)];
    }

    async Task<ShardSchedule?> IShardMapStore.LoadAsync()
    {
        var db = await DatabaseAsync();
        var json = await db.StringGetAsync(_shardMapKey);
        return json.HasValue ? JsonSerializer.Deserialize<ShardSchedule>((string)json!) : null;
    }

    async Task IShardMapStore.WriteAsync(ShardSchedule schedule)
    {
        var db = await DatabaseAsync();
        await db.StringSetAsync(_shardMapKey, JsonSerializer.Serialize(schedule));
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis.IsValueCreated && _redis.Value.IsCompletedSuccessfully) await (await _redis.Value).DisposeAsync();
    }

    private async Task<IDatabase> DatabaseAsync() => (await _redis.Value).GetDatabase();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window storage lost its connection to Redis at {Endpoint} ({Failure}); checkpoints wait until it is back")]
    private static partial void LogConnectionFailed(ILogger logger, System.Net.EndPoint? endpoint, ConnectionFailureType failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Window storage is connected to Redis at {Endpoint} again")]
    private static partial void LogConnectionRestored(ILogger logger, System.Net.EndPoint? endpoint);

    /// <summary>An owner's keys; the braces make Redis Cluster place them in one slot.</summary>
    private readonly struct OwnerKeys(string service, string owner)
    {
        private readonly string _prefix = $"fg:{{{service}/{owner}}}:";

        public RedisKey Nodes => _prefix + "nodes";

        public RedisKey Windows => _prefix + "windows";

        public RedisKey Closed => _prefix + "closed";

        public RedisKey Claims(long start) => _prefix + "claims:" + start.ToString(CultureInfo.InvariantCulture);

        public RedisKey Deltas(long start) => _prefix + "deltas:" + start.ToString(CultureInfo.InvariantCulture);

        public RedisKey Rollups => _prefix + "rollups";

        public RedisKey RollupsClosed => _prefix + "rclosed";

        public RedisKey RollupDeltas(long start) => _prefix + "rdeltas:" + start.ToString(CultureInfo.InvariantCulture);
    }
}
