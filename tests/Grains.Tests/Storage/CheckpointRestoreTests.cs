using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Storage;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Storage;

/// <summary>
/// A ring rebuilt from what its checkpoints stored holds the same windows, and its claims still recognise replays:
/// the engine side of "nothing lost, nothing twice" when an owner moves to another silo.
/// </summary>
public sealed class CheckpointRestoreTests
{
    private const string Owner = "app";
    private readonly MemoryWindowStore _store = new();
    private int _checkpoints;

    [Fact]
    public async Task Filling_windows_come_back_from_their_deltas_with_counters_summed_and_labels_intersected()
    {
        var ring = Ring();
        var key = Key();
        ring.Ingest([Report(key, T0, counters: Counters(bytesIn: 10), sourceLabels: Labels("a=1", "b=2"))], T0 + 1);
        await CheckpointAsync(ring, T0 + 2);
        ring.Ingest([Report(key, T0 + 5, counters: Counters(bytesIn: 7), sourceLabels: Labels("a=1"))], T0 + 6);
        await CheckpointAsync(ring, T0 + 7);

        var restored = await RestoreAsync(T0 + 8);

        var window = Assert.Single(restored.Views(T0, T0 + Width));
        Assert.False(window.Closed);
        var flow = Assert.Single(window.Flows);
        Assert.Equal(17, flow.Counters.BytesIn);
        Assert.Equal(Labels("a=1"), flow.SourceLabels);
    }

    [Fact]
    public async Task What_was_not_checkpointed_is_not_restored_and_a_resend_of_everything_counts_it_once()
    {
        var ring = Ring();
        var durable = Report(Key(port: 1), T0, counters: Counters(bytesIn: 10));
        var lost = Report(Key(port: 2), T0 + 3, counters: Counters(bytesIn: 20));
        ring.Ingest([durable], T0 + 1);
        await CheckpointAsync(ring, T0 + 2);
        ring.Ingest([lost], T0 + 4); // the silo dies before the next checkpoint

        var restored = await RestoreAsync(T0 + 5);
        Assert.Equal([10L], restored.Views(T0, T0 + Width).Single().Flows.Select(f => f.Counters.BytesIn));

        // The gateway sends both again: the claim that was stored skips the first, the second counts now.
        var receipt = restored.Ingest([durable, lost], T0 + 6);
        Assert.Equal(1, receipt.Duplicates);
        Assert.Equal(1, receipt.Accepted);
        Assert.Equal(30, restored.Views(T0, T0 + Width).Single().Flows.Sum(f => f.Counters.BytesIn));
    }

    [Fact]
    public async Task A_closed_window_is_stored_once_whole_and_comes_back_closed_with_its_claims_and_late_reports()
    {
        var ring = Ring();
        var key = Key();
        var report = Report(key, T0, node: "node-7", counters: Counters(bytesIn: 10));
        ring.Ingest([report], T0 + 1);
        await CheckpointAsync(ring, T0 + 2);
        var closeAt = T0 + Width + 20;
        Assert.Single(ring.CloseDue(Owner, closeAt));
        await CheckpointAsync(ring, closeAt);
        ring.Ingest([Report(key, T0 + 1, node: "node-8", counters: Counters(bytesIn: 5))], closeAt + 1); // late
        await CheckpointAsync(ring, closeAt + 2);

        var stored = Assert.Single((await _store.LoadAsync(Owner)).Windows);
        Assert.NotNull(stored.Closed);
        Assert.Single(stored.Deltas); // the late report; the deltas of the filling window went when it closed

        var restored = await RestoreAsync(closeAt + 3);
        var window = Assert.Single(restored.Views(T0, T0 + Width));
        Assert.True(window.Closed);
        Assert.Equal(T0, restored.ClosedThrough);
        Assert.Equal(15, Assert.Single(window.Flows).Counters.BytesIn);
        Assert.Equal(1, restored.Ingest([report], closeAt + 4).Duplicates); // node-7's replay is still recognised
    }

    [Fact]
    public async Task A_window_that_filled_before_the_owner_moved_closes_after_the_restore_and_is_stored_whole()
    {
        var ring = Ring();
        ring.Ingest([Report(Key(), T0, counters: Counters(bytesIn: 10))], T0 + 1);
        await CheckpointAsync(ring, T0 + 2);

        var closeAt = T0 + Width + 20;
        var restored = await RestoreAsync(closeAt + 60);
        var published = restored.CloseDue(Owner, closeAt + 60);
        Assert.Equal(10, Assert.Single(Assert.Single(published).Flows).Counters.BytesIn);

        var checkpoint = restored.TakeCheckpoint("after-restore", closeAt + 60);
        Assert.Single(checkpoint.Closed);
        Assert.Empty(checkpoint.Deltas);
    }

    [Fact]
    public async Task Expired_windows_are_deleted_and_an_empty_owner_removes_itself_from_storage()
    {
        var ring = Ring();
        ring.Ingest([Report(Key(), T0, counters: Counters(bytesIn: 10))], T0 + 1);
        await CheckpointAsync(ring, T0 + 2);
        Assert.Contains(Owner, await _store.OwnersAsync());

        // Past the fine retention the owner still holds the window's roll-up; past the history retention, nothing.
        var hourLater = T0 + 3600 + 120;
        ring.CloseDue(Owner, hourLater);
        ring.Expire(hourLater);
        Assert.False(ring.IsEmpty);
        await CheckpointAsync(ring, hourLater);
        Assert.Single((await _store.LoadAsync(Owner)).Rollups);

        var later = T0 + (long)TimeSpan.FromHours(24).TotalSeconds + 600;
        ring.Expire(later);
        Assert.True(ring.IsEmpty);
        var checkpoint = await CheckpointAsync(ring, later);

        Assert.True(checkpoint.OwnerEmpty);
        Assert.DoesNotContain(Owner, await _store.OwnersAsync());
        Assert.Empty((await _store.LoadAsync(Owner)).Windows);
        Assert.Empty((await _store.LoadAsync(Owner)).Rollups);
    }

    [Fact]
    public async Task Claims_of_a_window_past_the_dedup_horizon_are_not_restored()
    {
        var ring = Ring();
        var report = Report(Key(), T0, counters: Counters(bytesIn: 10));
        ring.Ingest([report], T0 + 1);
        ring.CloseDue(Owner, T0 + Width + 20);
        await CheckpointAsync(ring, T0 + Width + 20);

        var pastHorizon = T0 + Width + 20 + 600 + 1;
        var restored = await RestoreAsync(pastHorizon);
        Assert.Equal(1, restored.Ingest([report], pastHorizon).Late); // no claim left: counted, as without a restart
    }

    [Fact]
    public void A_checkpoint_counts_the_bytes_of_every_block_it_writes_roll_ups_included()
    {
        var checkpoint = new WindowCheckpoint("c", [], [new WindowDelta(0, new byte[3])], [new ClosedWindowBlock(15, new byte[5], new byte[7], TimeSpan.Zero)], [], false)
        {
            RollupDeltas = [new WindowDelta(0, new byte[11])],
            RollupsMade = [new ClosedWindowBlock(300, new byte[13], new byte[1], TimeSpan.Zero)],
        };

        Assert.Equal(3 + 5 + 7 + 11 + 13 + 1, checkpoint.BlockBytes);
    }

    [Fact]
    public async Task Node_numbers_survive_so_claims_keep_meaning_the_same_node()
    {
        var ring = Ring();
        ring.Ingest([Report(Key(port: 1), T0, node: "a"), Report(Key(port: 1), T0, node: "b")], T0 + 1);
        await CheckpointAsync(ring, T0 + 2);

        var restored = await RestoreAsync(T0 + 3);
        var receipt = restored.Ingest([Report(Key(port: 1), T0, node: "c"), Report(Key(port: 1), T0, node: "b")], T0 + 4);
        Assert.Equal(1, receipt.Accepted); // c is new
        Assert.Equal(1, receipt.Duplicates); // b replays
    }

    private async Task<WindowCheckpoint> CheckpointAsync(FlowRing ring, long now)
    {
        var checkpoint = ring.TakeCheckpoint($"test:{++_checkpoints}", now);
        await _store.WriteAsync(Owner, checkpoint);
        return checkpoint;
    }

    private async Task<FlowRing> RestoreAsync(long now)
    {
        var ring = new FlowRing(new WindowGrid(new AggregationOptions()));
        ring.Restore(await _store.LoadAsync(Owner), now);
        return ring;
    }
}
