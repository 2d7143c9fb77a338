using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

public sealed class FlowListingTests
{
    private readonly FlowKey _web = Key(dest: "web-*");
    private readonly FlowKey _db = Key(dest: "db-*");

    [Fact]
    public void A_key_seen_in_several_windows_is_one_row_with_counters_summed()
    {
        var page = FlowListing.List(
            [
                Window(T0, Counters(1, 2, 3, 4, 5, 6, 7), _web),
                Window(T0 + 15, Counters(10, 20, 30, 40, 50, 60, 70), _web),
                Window(T0 + 45, Counters(100, 200, 300, 400, 500, 600, 700), _web),
            ],
            Query());

        var row = Assert.Single(page.Flows);
        Assert.Equal(Counters(111, 222, 333, 444, 555, 666, 777), row.Counters);
    }

    [Fact]
    public void A_row_spans_from_its_earliest_window_start_to_its_latest_window_end()
    {
        var page = FlowListing.List([Window(T0 - 30, default, _db), Window(T0, default, _web, _db), Window(T0 + 45, default, _web)], Query());

        var rows = page.Flows.ToDictionary(f => f.Key);
        Assert.Equal((T0, T0 + 60), (rows[_web].Start, rows[_web].End));
        Assert.Equal((T0 - 30, T0 + 15), (rows[_db].Start, rows[_db].End));
    }

    [Fact]
    public void Labels_are_intersected_over_the_windows()
    {
        var page = FlowListing.List(
            [
                Window(T0, Flow(_web, T0, sourceLabels: Labels("app=a", "v=1"), destLabels: Labels("app=web", "v=1"))),
                Window(T0 + 15, Flow(_web, T0 + 15, sourceLabels: Labels("app=a", "v=2"), destLabels: Labels("app=web", "v=1"))),
            ],
            Query());

        var row = Assert.Single(page.Flows);
        Assert.Equal(Labels("app=a"), row.SourceLabels);
        Assert.Equal(Labels("app=web", "v=1"), row.DestLabels);
    }

    [Fact]
    public void TotalResults_counts_every_match_whatever_the_limit()
    {
        var keys = Enumerable.Range(0, 7).Select(i => Key(port: i)).ToArray();
        var windows = new[] { Window(T0, default, keys), Window(T0 + 15, default, keys[..3]) };

        var limited = FlowListing.List(windows, Query(limit: 2));
        var all = FlowListing.List(windows, Query(limit: 0));

        Assert.Equal(7, limited.TotalResults);
        Assert.Equal(2, limited.Flows.Length);
        Assert.Equal(7, all.TotalResults);
        Assert.Equal(7, all.Flows.Length);
    }

    [Fact]
    public void Only_matching_keys_are_listed_and_counted()
    {
        var filter = FlowFilter.All with { DestNames = [Exact("db-*")] };

        var page = FlowListing.List([Window(T0, default, _web, _db), Window(T0 + 15, default, _db)], Query(filter));

        Assert.Equal(1, page.TotalResults);
        Assert.Equal(_db, Assert.Single(page.Flows).Key);
    }

    [Fact]
    public void No_windows_give_an_empty_page()
    {
        var page = FlowListing.List([], Query());

        Assert.Equal(0, page.TotalResults);
        Assert.Empty(page.Flows);
    }

    [Fact]
    public void An_aggregation_interval_gives_one_row_per_key_per_interval()
    {
        var windows = Enumerable.Range(0, 8).Select(i => Window(T0 + (i * 15), Counters(bytesIn: 1L << i), _web)).ToArray();

        var page = FlowListing.List(windows, Query(interval: 60));

        Assert.Equal(2, page.TotalResults);
        var rows = page.Flows.OrderBy(f => f.Start).ToList();
        Assert.Equal((T0, T0 + 60, 0b1111L), (rows[0].Start, rows[0].End, rows[0].Counters.BytesIn));
        Assert.Equal((T0 + 60, T0 + 120, 0b1111_0000L), (rows[1].Start, rows[1].End, rows[1].Counters.BytesIn));
    }

    [Fact]
    public void Interval_buckets_are_aligned_to_multiples_of_the_interval()
    {
        var page = FlowListing.List([Window(T0 + 45, default, _web), Window(T0 + 60, default, _web)], Query(interval: 60));

        Assert.Equal([T0 + 60, T0 + 45], page.Flows.Select(f => f.Start));
        Assert.All(page.Flows, f => Assert.Equal(_web, f.Key));
    }

    [Fact]
    public void Each_key_has_its_own_rows_within_an_interval()
    {
        var page = FlowListing.List([Window(T0, default, _web, _db), Window(T0 + 15, default, _web)], Query(interval: 60));

        Assert.Equal(2, page.TotalResults);
        Assert.Equal([_db, _web], page.Flows.Select(f => f.Key).OrderBy(k => k.DestName, StringComparer.Ordinal));
    }

    [Fact]
    public void The_head_is_the_first_rows_of_the_full_order()
    {
        var keys = Enumerable.Range(0, 40).Select(i => Key(dest: $"pod-{i % 9}", port: i)).ToArray();
        var windows = new[] { Window(T0, default, keys) };

        var head = FlowListing.List(windows, Query(limit: 5, sort: FlowSort.DestName));
        var all = FlowListing.List(windows, Query(sort: FlowSort.DestName));

        Assert.Equal(all.Flows.Take(5).Select(f => f.Key.Id), head.Flows.Select(f => f.Key.Id));
    }

    internal static FlowListQuery Query(FlowFilter? filter = null, int limit = 0, long interval = 0, params FlowSort[] sort) =>
        new(new TimeRange(T0 - 3600, T0 + 3600), filter ?? FlowFilter.All, [.. sort], limit, interval);
}
