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
        var windowsTask = LoadWindowsAsync(db, keys.Fine);
        var rollupsTask = LoadWindowsAsync(db, keys.History);
        var nodes = (await nodesTask).ToImmutableDictionary(e => e.Name.ToString(), e => (int)e.Value, StringComparer.Ordinal);
        return new StoredOwner(nodes, await windowsTask, await rollupsTask);
    }

    private static async Task<ImmutableArray<StoredWindow>> LoadWindowsAsync(IDatabase db, WindowKeys family)
    {
        var startsTask = db.SetMembersAsync(family.Starts);
        var closedTask = db.HashGetAllAsync(family.Closed);
        var starts = (await startsTask).Select(v => long.Parse(v.ToString(), CultureInfo.InvariantCulture)).Order().ToArray();
        var claimTasks = starts.Select(s => family.Claims is null ? Task.FromResult(RedisValue.Null) : db.StringGetAsync(family.Claims(s))).ToArray();
        var deltaTasks = starts.Select(s => db.HashValuesAsync(family.Deltas(s))).ToArray();
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
            var all = new List<RedisKey> { keys.Nodes };
            foreach (var family in new[] { keys.Fine, keys.History })
            {
                var starts = await db.SetMembersAsync(family.Starts);
                all.AddRange(starts.SelectMany(v => family.OfWindow(long.Parse(v.ToString(), CultureInfo.InvariantCulture))));
                all.AddRange([family.Starts, family.Closed]);
            }

            await db.KeyDeleteAsync([.. all]);
            await db.SetRemoveAsync(_ownersKey, owner);
            return;
        }

        var tx = db.CreateTransaction();
        var queued = new List<Task>();
        if (!checkpoint.NewNodes.IsEmpty)
        {
            queued.Add(tx.HashSetAsync(keys.Nodes, [.. checkpoint.NewNodes.Select(n => new HashEntry(n.Key, n.Value))]));
        }

        QueueWindows(tx, queued, keys.Fine, checkpoint.Id, checkpoint.Deltas, checkpoint.Closed, checkpoint.Expired);
        QueueWindows(tx, queued, keys.History, checkpoint.Id, checkpoint.RollupDeltas, checkpoint.RollupsMade, checkpoint.RollupsExpired);

        if (!await tx.ExecuteAsync()) throw new RedisException($"The checkpoint of owner {owner} was not applied.");
        await Task.WhenAll(queued);
        await db.SetAddAsync(_ownersKey, owner);
    }

    /// <summary>Queues one family's deltas, then its whole windows (which replace their deltas), then its expiries.</summary>
    private static void QueueWindows(ITransaction tx, List<Task> queued, WindowKeys family, string id,
        ImmutableArray<WindowDelta> deltas, ImmutableArray<ClosedWindowBlock> closed, ImmutableArray<long> expired)
    {
        foreach (var delta in deltas)
        {
            queued.Add(tx.SetAddAsync(family.Starts, delta.Start));
            queued.Add(tx.HashSetAsync(family.Deltas(delta.Start), id, delta.Block));
        }

        foreach (var block in closed)
        {
            queued.Add(tx.SetAddAsync(family.Starts, block.Start));
            queued.Add(tx.HashSetAsync(family.Closed, block.Start, block.Flows));
            queued.Add(tx.KeyDeleteAsync(family.Deltas(block.Start)));
            if (family.Claims is null) continue;
            queued.Add(block.ClaimsLifetime > TimeSpan.Zero
                ? tx.StringSetAsync(family.Claims(block.Start), block.Claims, block.ClaimsLifetime)
                : tx.KeyDeleteAsync(family.Claims(block.Start)));
        }

        foreach (var start in expired)
        {
            queued.Add(tx.SetRemoveAsync(family.Starts, start));
            queued.Add(tx.HashDeleteAsync(family.Closed, start));
            queued.Add(tx.KeyDeleteAsync(family.OfWindow(start)));
        }
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

        /// <summary>The fine windows' keys.</summary>
        public WindowKeys Fine => new(Windows, Closed, Deltas, Claims);

        /// <summary>The roll-ups' keys (roll-ups keep no dedup claims: late reports are claimed in their fine window).</summary>
        public WindowKeys History => new(Rollups, RollupsClosed, RollupDeltas, Claims: null);
    }

    /// <summary>One family of windows: the set of their starts, their final blocks, their deltas and (fine windows only) their claims.</summary>
    private sealed record WindowKeys(RedisKey Starts, RedisKey Closed, Func<long, RedisKey> Deltas, Func<long, RedisKey>? Claims)
    {
        /// <summary>The keys of one window of the family (its deltas and claims).</summary>
        public RedisKey[] OfWindow(long start) => Claims is null ? [Deltas(start)] : [Claims(start), Deltas(start)];
    }
}
