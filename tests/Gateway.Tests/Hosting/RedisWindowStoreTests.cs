using FlowGrain.Grains.Storage;
using FlowGrain.Hosting.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowGrain.Gateway.Tests.Hosting;

/// <summary>Window storage on a real redis-server: what a checkpoint writes, retried or not, and what a load reads back.</summary>
public sealed class RedisWindowStoreTests : IAsyncLifetime
{
    private const long Start = 1_800_000_000;
    private RedisServer _redis = null!;
    private RedisWindowStore _store = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _store = new RedisWindowStore(_redis.ConnectionString, "tests", NullLogger<RedisWindowStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _redis.Dispose();
    }

    [Fact]
    public async Task A_checkpoint_written_again_after_an_unclear_failure_is_stored_once()
    {
        var checkpoint = Checkpoint("a:1", deltas: [new WindowDelta(Start, [1, 2, 3])], nodes: [new("node-1", 0)]);
        await _store.WriteAsync("app", checkpoint);
        await _store.WriteAsync("app", checkpoint);
        await _store.WriteAsync("app", Checkpoint("a:2", deltas: [new WindowDelta(Start, [4])]));

        var stored = await _store.LoadAsync("app");

        var window = Assert.Single(stored.Windows);
        Assert.Equal(Start, window.Start);
        Assert.Null(window.Closed);
        Assert.Equal([[1, 2, 3], [4]], window.Deltas.Select(d => d.ToArray()).OrderBy(d => d.Length).Reverse());
        Assert.Equal(0, stored.Nodes["node-1"]);
        Assert.Equal("app", Assert.Single(await _store.OwnersAsync()));
    }

    [Fact]
    public async Task A_closed_window_replaces_its_deltas_and_its_claims_expire_by_themselves()
    {
        await _store.WriteAsync("app", Checkpoint("a:1", deltas: [new WindowDelta(Start, [1])]));
        await _store.WriteAsync("app", Checkpoint("a:2", closed: [new ClosedWindowBlock(Start, [9, 9], [7], TimeSpan.FromMinutes(10))]));

        var window = Assert.Single((await _store.LoadAsync("app")).Windows);
        Assert.Equal([9, 9], window.Closed);
        Assert.Equal([7], window.Claims);
        Assert.Empty(window.Deltas);
        var ttl = long.Parse((await _redis.CommandAsync($"PTTL fg:{{tests/app}}:claims:{Start}"))[1..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 1, 600_000);
    }

    [Fact]
    public async Task Expired_windows_go_and_an_empty_owner_leaves_nothing_behind()
    {
        await _store.WriteAsync("app", Checkpoint("a:1", deltas: [new WindowDelta(Start, [1]), new WindowDelta(Start + 15, [2])], nodes: [new("n", 0)]));
        await _store.WriteAsync("app", Checkpoint("a:2", expired: [Start]));
        Assert.Equal([Start + 15], (await _store.LoadAsync("app")).Windows.Select(w => w.Start));

        await _store.WriteAsync("app", Checkpoint("a:3", ownerEmpty: true));

        Assert.Empty((await _store.LoadAsync("app")).Windows);
        Assert.Empty(await _store.OwnersAsync());
        Assert.Equal(":0", await _redis.CommandAsync("DBSIZE"));
    }

    [Fact]
    public async Task Roll_ups_are_kept_apart_from_fine_windows_of_the_same_start_amended_replaced_and_expired()
    {
        await _store.WriteAsync("app", Checkpoint("a:1", closed: [new ClosedWindowBlock(Start, [1], [], TimeSpan.Zero)]) with
        {
            RollupsMade = [new ClosedWindowBlock(Start, [5, 5], [], TimeSpan.Zero)],
        });
        await _store.WriteAsync("app", Checkpoint("a:2") with { RollupDeltas = [new WindowDelta(Start, [6])] });

        var stored = await _store.LoadAsync("app");
        Assert.Equal([1], Assert.Single(stored.Windows).Closed);
        var rollup = Assert.Single(stored.Rollups);
        Assert.Equal(Start, rollup.Start);
        Assert.Equal([5, 5], rollup.Closed);
        Assert.Equal([6], Assert.Single(rollup.Deltas));

        await _store.WriteAsync("app", Checkpoint("a:3", expired: [Start]) with { RollupsExpired = [Start] });
        Assert.Empty((await _store.LoadAsync("app")).Rollups);
        await _store.WriteAsync("app", Checkpoint("a:4", ownerEmpty: true) with { RollupsMade = [] });
        Assert.Equal(":0", await _redis.CommandAsync("DBSIZE"));
    }

    private static WindowCheckpoint Checkpoint(
        string id,
        WindowDelta[]? deltas = null,
        ClosedWindowBlock[]? closed = null,
        long[]? expired = null,
        KeyValuePair<string, int>[]? nodes = null,
        bool ownerEmpty = false) =>
        new(id, [.. nodes ?? []], [.. deltas ?? []], [.. closed ?? []], [.. expired ?? []], ownerEmpty);
}
