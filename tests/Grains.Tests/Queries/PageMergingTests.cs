using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

/// <summary>The gateway asks every owner for its head of (page + 1) × size rows and cuts the page from the merged heads.</summary>
public sealed class PageMergingTests
{
    private static readonly string[] Namespaces = ["shop", "bank", "-", "kube-system", "ledger"];

    public static TheoryData<int, FlowSort[], long> Cases => new()
    {
        { 1, [FlowSort.Time], 0 },
        { 2, [FlowSort.DestName], 0 },
        { 3, [FlowSort.SourceNamespace, FlowSort.DestType], 0 },
        { 4, [FlowSort.SourceType, FlowSort.Time], 0 },
        { 5, [FlowSort.DestNamespace], 60 },
        { 6, [], 30 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pages_cut_from_the_owners_heads_equal_pages_of_one_sorted_list(int seed, FlowSort[] sort, long interval)
    {
        var windows = RandomWindows(new Random(seed));
        var byOwner = SplitByOwner(windows);
        Assert.True(byOwner.Count > 1, "the data must span several owners");
        var everything = FlowListing.List(windows, FlowListingTests.Query(interval: interval, sort: sort));

        foreach (var pageSize in new[] { 1, 7, 25, 1000 })
        {
            foreach (var page in new[] { 0, 1, 3, (int)(everything.TotalResults / pageSize), 99 })
            {
                var head = (page + 1) * pageSize;
                var owners = byOwner.Select(views => FlowListing.List(views, FlowListingTests.Query(limit: head, interval: interval, sort: sort)));

                var merged = ResultMerging.Page(owners, [.. sort], page, pageSize);

                var expected = everything.Flows.Skip(page * pageSize).Take(pageSize);
                Assert.Equal(everything.TotalResults, merged.TotalResults);
                Assert.Equal(expected.Select(Identity), merged.Flows.Select(Identity));
            }
        }
    }

    [Fact]
    public void Without_paging_every_owners_rows_are_merged_in_order()
    {
        var windows = RandomWindows(new Random(7));
        var everything = FlowListing.List(windows, FlowListingTests.Query(sort: FlowSort.DestName));

        var merged = ResultMerging.Page(
            SplitByOwner(windows).Select(views => FlowListing.List(views, FlowListingTests.Query(sort: FlowSort.DestName))),
            [FlowSort.DestName],
            page: 0,
            pageSize: 0);

        Assert.Equal(everything.TotalResults, merged.TotalResults);
        Assert.Equal(everything.Flows.Select(Identity), merged.Flows.Select(Identity));
    }

    [Fact]
    public void Totals_are_summed_over_owners()
    {
        var merged = ResultMerging.Page([new FlowPage(5, []), new FlowPage(7, []), FlowPage.Empty], [], page: 0, pageSize: 10);

        Assert.Equal(12, merged.TotalResults);
        Assert.Empty(merged.Flows);
    }

    [Fact]
    public void A_page_past_the_end_is_empty_but_keeps_the_total()
    {
        var shop = new FlowPage(2, [Flow(Key(sourceNs: "shop"), T0), Flow(Key(sourceNs: "shop", port: 1), T0)]);

        var merged = ResultMerging.Page([shop], [], page: 5, pageSize: 2);

        Assert.Equal(2, merged.TotalResults);
        Assert.Empty(merged.Flows);
    }

    private static (long Id, long Start) Identity(AggregatedFlow flow) => (flow.Key.Id, flow.Start);

    private static List<List<WindowView>> SplitByOwner(IReadOnlyList<WindowView> windows) =>
    [
        .. windows
            .SelectMany(w => w.Flows.Select(f => (w.Start, Flow: f)))
            .GroupBy(row => row.Flow.Key.Owner, StringComparer.Ordinal)
            .Select(owner => owner
                .GroupBy(row => row.Start)
                .OrderBy(window => window.Key)
                .Select(window => Window(window.Key, [.. window.Select(row => row.Flow)]))
                .ToList()),
    ];

    private static WindowView[] RandomWindows(Random random)
    {
        var keys = Enumerable.Range(0, 80).Select(_ => RandomKey(random)).DistinctBy(k => k.Id).ToArray();
        return
        [
            .. Enumerable.Range(0, 8).Select(i => T0 + (15 * i)).Select(start => Window(
                start,
                [.. keys.Where(_ => random.Next(3) == 0).Select(key => Flow(key, start, Counters(bytesIn: random.Next(1, 1000))))])),
        ];
    }

    private static FlowKey RandomKey(Random random) => Key(
        source: $"src-{random.Next(6)}-*",
        sourceNs: Namespaces[random.Next(Namespaces.Length)],
        sourceType: (EndpointType)random.Next(1, 5),
        dest: $"dst-{random.Next(6)}-*",
        destNs: Namespaces[random.Next(Namespaces.Length)],
        destType: (EndpointType)random.Next(1, 5),
        port: random.Next(1, 10),
        reporter: random.Next(2) == 0 ? Reporter.Src : Reporter.Dst);
}
