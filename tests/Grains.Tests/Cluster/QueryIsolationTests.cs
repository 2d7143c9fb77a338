using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>A query in progress on an owner never stalls ingest, neither of that owner nor of any other.</summary>
[Collection(OrleansCluster.Name)]
public sealed class QueryIsolationTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task While_a_list_is_inside_an_owner_that_owner_and_the_others_keep_ingesting()
    {
        var busy = fixture.Client.GetGrain<INamespaceFlowsGrain>("isolation-busy");
        var other = fixture.Client.GetGrain<INamespaceFlowsGrain>("isolation-other");
        await busy.IngestAsync(ClusterReports.Batch("isolation-busy", fixture.Now - 1, 10));

        using var hold = QueryGate.HoldLists("isolation-busy");
        var list = busy.ListAsync(new FlowListQuery(new TimeRange(fixture.Now - 3600, fixture.Now + 1), FlowFilter.All, [], 0));
        await hold.Entered.Task.WaitAsync(Patience);

        // Without interleaving, the first ingest would wait behind the held List forever.
        var ingests = Task.WhenAll(
            busy.IngestAsync(ClusterReports.Batch("isolation-busy", fixture.Now - 1, 5, firstKey: 10)),
            other.IngestAsync(ClusterReports.Batch("isolation-other", fixture.Now - 1, 5)));
        var receipts = await ingests.WaitAsync(Patience);
        Assert.All(receipts, r => Assert.Equal(5, r.Receipt.Accepted));
        Assert.False(list.IsCompleted, "the List was still held while both ingests finished");

        hold.Released.SetResult();
        Assert.Equal(15, (await list.WaitAsync(Patience)).TotalResults);
    }
}
