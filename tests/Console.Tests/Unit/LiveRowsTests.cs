using FlowGrain.Abstractions.Feed;
using FlowGrain.Gateway.Console.Live;
using static FlowGrain.Console.Tests.Unit.Flows;

namespace FlowGrain.Console.Tests.Unit;

/// <summary>The live table's merging of provisional and final rows, its order and its cap.</summary>
public sealed class LiveRowsTests
{
    [Fact]
    public void A_provisional_row_is_updated_in_place_and_then_replaced_by_its_final_numbers()
    {
        var rows = new LiveRows(100);
        rows.Apply(Window(FeedWindowState.Provisional, Flow("api", bytes: 100), Flow("web", bytes: 10)));
        rows.Apply(Window(FeedWindowState.Provisional, Flow("api", bytes: 300)));
        Assert.Equal(2, rows.Count);
        Assert.Equal(300, rows.Snapshot().Single(r => r.SourceName == "api").Bytes);
        Assert.True(rows.Snapshot().Single(r => r.SourceName == "api").Provisional);

        rows.Apply(Window(FeedWindowState.Closed, Flow("api", bytes: 350), Flow("web", bytes: 10)));

        Assert.Equal(2, rows.Count);
        var api = rows.Snapshot().Single(r => r.SourceName == "api");
        Assert.Equal(350, api.Bytes);
        Assert.False(api.Provisional);
    }

    [Fact]
    public void Older_numbers_never_replace_newer_ones()
    {
        var rows = new LiveRows(100);
        rows.Merge([Flow("api", bytes: 500)], _ => true);
        rows.Apply(Window(FeedWindowState.Provisional, Flow("api", bytes: 200)));
        Assert.Equal(500, rows.Snapshot()[0].Bytes);

        rows.Apply(Window(FeedWindowState.Closed, Flow("api", bytes: 600)));
        rows.Apply(Window(FeedWindowState.Provisional, Flow("api", bytes: 900)));
        Assert.Equal(600, rows.Snapshot()[0].Bytes);
        Assert.False(rows.Snapshot()[0].Provisional);
    }

    [Fact]
    public void Rows_are_newest_window_first_and_newest_arrival_first_within_a_window()
    {
        var rows = new LiveRows(100);
        rows.Apply(Window(FeedWindowState.Closed, Flow("old", start: 1_800_000_000)));
        rows.Apply(Window(FeedWindowState.Provisional, Flow("first", start: 1_800_000_015)));
        rows.Apply(Window(FeedWindowState.Provisional, Flow("second", start: 1_800_000_015)));
        rows.Apply(Window(FeedWindowState.Provisional, Flow("first", start: 1_800_000_015, bytes: 999)));

        Assert.Equal(["second", "first", "old"], rows.Snapshot().Select(r => r.SourceName));
    }

    [Fact]
    public void Beyond_the_cap_the_oldest_windows_are_dropped_first()
    {
        var rows = new LiveRows(3);
        rows.Apply(Window(FeedWindowState.Closed, Flow("a", start: 1_800_000_030), Flow("b", start: 1_800_000_030)));
        rows.Apply(Window(FeedWindowState.Closed, Flow("c", start: 1_800_000_000)));
        rows.Apply(Window(FeedWindowState.Provisional, Flow("d", start: 1_800_000_045)));

        Assert.Equal(3, rows.Count);
        Assert.Equal(["d", "b", "a"], rows.Snapshot().Select(r => r.SourceName));
    }

    [Fact]
    public void A_snapshot_is_reused_until_the_rows_change()
    {
        var rows = new LiveRows(10);
        rows.Apply(Window(FeedWindowState.Provisional, Flow("api", bytes: 100)));
        var version = rows.Version;
        var snapshot = rows.Snapshot();

        rows.Apply(Window(FeedWindowState.Provisional, Flow("api", bytes: 50)));

        Assert.Equal(version, rows.Version);
        Assert.Same(snapshot, rows.Snapshot());
        rows.Clear();
        Assert.Empty(rows.Snapshot());
    }
}
