using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

/// <summary>A stream's backfill: one row per key per closed window, each window's own numbers.</summary>
public sealed class WindowRowsTests
{
    [Fact]
    public void Rows_come_per_window_oldest_first_and_by_key_id_within_a_window()
    {
        var keys = Enumerable.Range(0, 6).Select(i => Key(port: i)).ToArray();
        var windows = new[] { Window(T0, Counters(bytesIn: 1), keys), Window(T0 + 15, Counters(bytesIn: 2), keys[..2]) };

        var rows = WindowRows.Of(windows, FlowFilter.All);

        var expected = keys.Select(k => (T0, k.Id, 1L)).OrderBy(r => r.Id)
            .Concat(keys[..2].Select(k => (T0 + 15, k.Id, 2L)).OrderBy(r => r.Id));
        Assert.Equal(expected, rows.Select(r => (r.Start, r.Key.Id, r.Counters.BytesIn)));
    }

    [Fact]
    public void Only_matching_keys_give_rows()
    {
        var windows = new[] { Window(T0, default, Key(dest: "a-*"), Key(dest: "b-*")), Window(T0 + 15, default, Key(dest: "b-*")) };

        var rows = WindowRows.Of(windows, FlowFilter.All with { DestNames = [Exact("b-*")] });

        Assert.Equal([T0, T0 + 15], rows.Select(r => r.Start));
        Assert.All(rows, r => Assert.Equal("b-*", r.Key.DestName));
    }
}
