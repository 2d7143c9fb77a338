using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>Every sort order of Flows.List, several sort keys at once, and paging with Calico's totals.</summary>
public sealed class SortingAndPagingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private static readonly string[] Sources = ["delta-*", "alpha-*", "echo-*", "charlie-*", "bravo-*", "golf-*", "foxtrot-*"];
    private static readonly string[] Dests = ["zulu", "yankee", "xray", "whiskey", "victor", "uniform", "tango"];
    private static readonly string[] DestNamespaces = ["ns-c", "ns-a", "ns-b", "ns-a", "ns-c", "ns-b", "ns-a"];

    private GatewayHost Gateway => fixture.Gateway;

    private Flows.FlowsClient Flows => new(Gateway.Channel);

    public async Task InitializeAsync()
    {
        if (await CountAsync() > 0) return; // the class fixture is shared by this class's tests
        var window = Gateway.Now / 15 * 15 - 120;
        var updates = Sources.Select((source, i) => Update("src", source, DestNamespaces[i], Dests[i], window + (15 * i),
            sourceType: (EndpointType)(1 + (i % 4)), destType: (EndpointType)(4 - (i % 4)), bytesIn: i)).ToArray();
        await NodeClient.ReportAsync(Gateway, "node-1", updates);
        await Gateway.DrainAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<SortBy[]> Orders => new()
    {
        new[] { SortBy.Time }, new[] { SortBy.DestName }, new[] { SortBy.DestNamespace }, new[] { SortBy.DestType },
        new[] { SortBy.SourceName }, new[] { SortBy.SourceNamespace }, new[] { SortBy.SourceType },
        new[] { SortBy.DestNamespace, SortBy.SourceName }, new[] { SortBy.DestType, SortBy.Time },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Results_follow_the_sort_keys_in_turn_then_the_id(SortBy[] order)
    {
        var rows = (await ListAsync(order, page: 0, pageSize: 0)).Flows;

        Assert.Equal(Sources.Length, rows.Count);
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(Compare(rows[i - 1], rows[i], order) < 0, $"row {i - 1} should come before row {i} for {string.Join(",", order)}");
        }
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Pages_cut_the_full_order_and_carry_the_totals(SortBy[] order)
    {
        var all = (await ListAsync(order, page: 0, pageSize: 0)).Flows.Select(f => f.Id).ToList();
        var paged = new List<long>();
        for (var page = 0; page < 4; page++)
        {
            var result = await ListAsync(order, page, pageSize: 3);
            Assert.Equal(7, result.Meta.TotalResults);
            Assert.Equal(3, result.Meta.TotalPages);
            Assert.Equal(page < 2 ? 3 : page == 2 ? 1 : 0, result.Flows.Count);
            paged.AddRange(result.Flows.Select(f => f.Id));
        }

        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task Without_paging_there_is_one_page_and_without_results_none()
    {
        var all = await ListAsync([SortBy.Time], 0, 0);
        Assert.Equal(1, all.Meta.TotalPages);
        Assert.Equal(7, all.Meta.TotalResults);

        var none = await Flows.ListAsync(new FlowListRequest { Filter = new Filter { SourceNamespaces = { Exact("nobody") } } });
        Assert.Equal(0, none.Meta.TotalPages);
        Assert.Equal(0, none.Meta.TotalResults);
        Assert.Empty(none.Flows);
    }

    private Task<FlowListResult> ListAsync(SortBy[] order, long page, long pageSize) =>
        Flows.ListAsync(new FlowListRequest
        {
            Page = page,
            PageSize = pageSize,
            SortBy = { order.Select(s => new SortOption { SortBy = s }) },
            Filter = new Filter { SourceNamespaces = { Exact("src") } },
        }).ResponseAsync;

    private async Task<long> CountAsync() =>
        (await Flows.ListAsync(new FlowListRequest { Filter = new Filter { SourceNamespaces = { Exact("src") } } })).Meta.TotalResults;

    private static int Compare(FlowResult a, FlowResult b, SortBy[] order)
    {
        foreach (var sort in order)
        {
            var c = sort switch
            {
                SortBy.Time => b.Flow.StartTime.CompareTo(a.Flow.StartTime),
                SortBy.DestName => string.CompareOrdinal(a.Flow.Key.DestName, b.Flow.Key.DestName),
                SortBy.DestNamespace => string.CompareOrdinal(a.Flow.Key.DestNamespace, b.Flow.Key.DestNamespace),
                SortBy.DestType => a.Flow.Key.DestType.CompareTo(b.Flow.Key.DestType),
                SortBy.SourceName => string.CompareOrdinal(a.Flow.Key.SourceName, b.Flow.Key.SourceName),
                SortBy.SourceNamespace => string.CompareOrdinal(a.Flow.Key.SourceNamespace, b.Flow.Key.SourceNamespace),
                SortBy.SourceType => a.Flow.Key.SourceType.CompareTo(b.Flow.Key.SourceType),
                _ => 0,
            };
            if (c != 0) return c;
        }

        return a.Id.CompareTo(b.Id);
    }
}
