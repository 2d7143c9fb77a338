using System.Globalization;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

public sealed class FlowOrderingTests
{
    public static TheoryData<FlowSort, FlowKey[]> AscendingSorts => new()
    {
        { FlowSort.DestName, [Key(dest: "c-*"), Key(dest: "A-*"), Key(dest: "b-*")] },
        { FlowSort.DestNamespace, [Key(destNs: "c"), Key(destNs: "-"), Key(destNs: "b")] },
        { FlowSort.SourceName, [Key(source: "c-*"), Key(source: "a-*"), Key(source: "pub")] },
        { FlowSort.SourceNamespace, [Key(sourceNs: "c"), Key(sourceNs: "a"), Key(sourceNs: "b")] },
        { FlowSort.DestType, [Key(destType: EndpointType.Network), Key(destType: EndpointType.WorkloadEndpoint), Key(destType: EndpointType.HostEndpoint)] },
        { FlowSort.SourceType, [Key(sourceType: EndpointType.NetworkSet), Key(sourceType: EndpointType.HostEndpoint), Key(sourceType: EndpointType.Network)] },
    };

    [Theory]
    [MemberData(nameof(AscendingSorts))]
    public void Field_sorts_ascend_by_that_field(FlowSort sort, FlowKey[] keys)
    {
        var page = FlowListing.List([Window(T0, default, keys)], FlowListingTests.Query(sort: sort));

        var expected = keys.Select(k => SortField(k, sort)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, page.Flows.Select(f => SortField(f.Key, sort)));
    }

    [Fact]
    public void Time_sorts_newest_aggregated_start_first()
    {
        var (old, mid, recent) = (Key(port: 1), Key(port: 2), Key(port: 3));
        var windows = new[] { Window(T0, default, old), Window(T0 + 15, default, mid, old), Window(T0 + 30, default, recent, old) };

        var page = FlowListing.List(windows, FlowListingTests.Query(sort: FlowSort.Time));

        Assert.Equal([recent, mid, old], page.Flows.Select(f => f.Key));
    }

    [Fact]
    public void No_sort_option_means_time_newest_first()
    {
        var windows = new[] { Window(T0, default, Key(port: 1)), Window(T0 + 30, default, Key(port: 2)), Window(T0 + 15, default, Key(port: 3)) };

        var page = FlowListing.List(windows, FlowListingTests.Query());

        Assert.Equal([T0 + 30, T0 + 15, T0], page.Flows.Select(f => f.Start));
    }

    [Fact]
    public void Ties_are_broken_by_ascending_id()
    {
        var keys = Enumerable.Range(0, 20).Select(i => Key(dest: i % 2 == 0 ? "a-*" : "b-*", port: i)).ToArray();

        var page = FlowListing.List([Window(T0, default, keys)], FlowListingTests.Query(sort: FlowSort.DestName));

        var expected = keys.OrderBy(k => k.DestName, StringComparer.Ordinal).ThenBy(k => k.Id).Select(k => k.Id);
        Assert.Equal(expected, page.Flows.Select(f => f.Key.Id));
    }

    [Fact]
    public void Time_ties_are_broken_by_ascending_id()
    {
        var keys = Enumerable.Range(0, 10).Select(i => Key(port: i)).ToArray();

        var page = FlowListing.List([Window(T0, default, keys)], FlowListingTests.Query(sort: FlowSort.Time));

        Assert.Equal(keys.Select(k => k.Id).Order(), page.Flows.Select(f => f.Key.Id));
    }

    [Fact]
    public void Later_sort_options_order_rows_the_earlier_ones_leave_tied()
    {
        var keys = new[]
        {
            Key(destNs: "b", dest: "x-*"), Key(destNs: "a", dest: "z-*"), Key(destNs: "b", dest: "w-*"), Key(destNs: "a", dest: "y-*"),
        };

        var page = FlowListing.List([Window(T0, default, keys)], FlowListingTests.Query(sort: [FlowSort.DestNamespace, FlowSort.DestName]));

        Assert.Equal(["a/y-*", "a/z-*", "b/w-*", "b/x-*"], page.Flows.Select(f => $"{f.Key.DestNamespace}/{f.Key.DestName}"));
    }

    [Fact]
    public void Time_as_a_second_sort_option_puts_newest_first_within_a_tie()
    {
        var (a1, a2, b) = (Key(dest: "a-*", port: 1), Key(dest: "a-*", port: 2), Key(dest: "b-*"));
        var windows = new[] { Window(T0, default, a1, b), Window(T0 + 15, default, a2) };

        var page = FlowListing.List(windows, FlowListingTests.Query(sort: [FlowSort.DestName, FlowSort.Time]));

        Assert.Equal([a2, a1, b], page.Flows.Select(f => f.Key));
    }

    [Fact]
    public void Interval_rows_of_one_key_are_newest_first()
    {
        var key = Key();
        var windows = new[] { Window(T0, default, key), Window(T0 + 60, default, key), Window(T0 + 120, default, key) };

        var page = FlowListing.List(windows, FlowListingTests.Query(interval: 60, sort: FlowSort.DestName));

        Assert.Equal([T0 + 120, T0 + 60, T0], page.Flows.Select(f => f.Start));
    }

    private static string SortField(FlowKey key, FlowSort sort) => sort switch
    {
        FlowSort.DestName => key.DestName,
        FlowSort.DestNamespace => key.DestNamespace,
        FlowSort.SourceName => key.SourceName,
        FlowSort.SourceNamespace => key.SourceNamespace,
        FlowSort.DestType => ((int)key.DestType).ToString("D2", CultureInfo.InvariantCulture),
        FlowSort.SourceType => ((int)key.SourceType).ToString("D2", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(sort)),
    };
}
