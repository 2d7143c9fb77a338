using FlowGrain.Grains.Aggregation;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Aggregation;

/// <summary>The owner's key table: one instance and one slot per key, kept while some window holds it.</summary>
public sealed class KeyTableTests
{
    [Fact]
    public void A_key_has_one_slot_and_instance_however_many_windows_hold_it_and_leaves_with_the_last()
    {
        var table = new KeyTable(64);
        var slot = table.Add(Key(), 3, out var kept);

        Assert.Equal(slot, table.Add(Key(), 40, out var again));
        Assert.Same(kept, again);
        Assert.Equal(2, table.WindowsOf(slot));

        table.Remove(slot, 3);
        Assert.Equal(1, table.Count);
        Assert.Same(kept, table.KeyAt(slot));
        table.Remove(slot, 40);
        Assert.Equal(0, table.Count);
        Assert.Null(table.KeyAt(slot));
        Assert.False(table.TryFind(Key(), out _));
    }

    [Fact]
    public void A_window_that_records_a_key_twice_holds_it_once()
    {
        var table = new KeyTable(64);
        var slot = table.Add(Key(), 7, out _);
        table.Add(Key(), 7, out _);

        Assert.Equal(1, table.WindowsOf(slot));
        table.Remove(slot, 7);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_freed_slot_is_reused_by_the_next_new_key()
    {
        var table = new KeyTable(64);
        var first = table.Add(Key(port: 1), 0, out _);
        table.Add(Key(port: 2), 0, out _);
        table.Remove(first, 0);

        Assert.Equal(first, table.Add(Key(port: 3), 1, out var third));
        Assert.Equal(3, third.DestPort);
        Assert.Equal(2, table.SlotLimit);
    }

    [Fact]
    public void Each_ring_has_positions_of_its_own_that_follow_its_windows_width()
    {
        var positions = new WindowPositions(new KeyTable(128), (Width, 64, false), (4 * Width, 32, true));
        var (fine, rollups) = (positions.Rings[0], positions.Rings[1]);
        var start = T0 - (T0 % (128 * Width));

        Assert.Equal((0, 64, false), (fine.Offset, fine.Count, fine.Rollups));
        Assert.Equal((64, 32, true), (rollups.Offset, rollups.Count, rollups.Rollups));
        Assert.Equal(64 + 1, positions.Take(rollups, start + (4 * Width)));
        Assert.Equal(1, positions.Take(fine, start + Width));
        Assert.True(rollups.Spans(start, start + (31 * 4 * Width)));
        Assert.False(rollups.Spans(start, start + (32 * 4 * Width)));
    }

    [Fact]
    public void A_window_takes_the_position_of_its_start_time_or_a_free_one_when_a_window_a_ring_apart_still_holds_it()
    {
        var positions = new WindowPositions(new KeyTable(64), (Width, 64, false));
        var ring = positions.Rings[0];

        Assert.Equal(3, positions.Take(ring, T0 - (T0 % (64 * Width)) + (3 * Width)));
        Assert.Equal(0, positions.Take(ring, T0 - (T0 % (64 * Width)) + (64 * Width) + (3 * Width))); // a ring later: 3 is taken
        positions.Return(3);
        Assert.Equal(3, positions.Take(ring, T0 - (T0 % (64 * Width)) + (128 * Width) + (3 * Width)));
    }

    [Fact]
    public void Growing_the_positions_keeps_every_keys_windows_and_takes_windows_beyond_the_old_ones()
    {
        var table = new KeyTable(64);
        var positions = new WindowPositions(table, (Width, 64, false));
        var taken = Enumerable.Range(0, 64).Select(w => positions.Take(positions.Rings[0], T0 + (w * Width))).ToList();
        var slots = Enumerable.Range(0, 100).Select(i => table.Add(Key(port: i), taken[i % 64], out _)).ToList();

        var extra = positions.Take(positions.Rings[0], T0 + (64 * Width)); // every position was taken: the table grows

        Assert.Equal(64, extra);
        Assert.Equal(128, table.Positions);
        Assert.All(slots, slot => Assert.Equal(1, table.WindowsOf(slot)));
        table.Add(Key(port: 5), extra, out _);
        Assert.Equal(2, table.WindowsOf(slots[5]));
        table.Remove(slots[5], taken[5]);
        table.Remove(slots[5], extra);
        Assert.Equal(99, table.Count);
    }
}
