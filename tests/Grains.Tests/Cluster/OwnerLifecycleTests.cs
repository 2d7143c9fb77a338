using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>Owners join the directory when they get flows and leave it when their flows (and roll-ups) expire.</summary>
[Collection(OrleansCluster.Name)]
public sealed class OwnerLifecycleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_owner_is_listed_while_it_holds_flows_and_leaves_when_they_expire()
    {
        var owner = $"lifecycle-{Guid.NewGuid():N}";
        var directory = fixture.Client.GetGrain<IOwnerDirectoryGrain>(0);
        var grain = fixture.Client.GetGrain<INamespaceFlowsGrain>(owner);

        await grain.IngestAsync(ClusterReports.Batch(owner, fixture.Now - 20, 2));
        Assert.Contains(owner, await directory.GetOwnersAsync());
        Assert.Equal(2, (await grain.ListAsync(new FlowListQuery(new TimeRange(fixture.Now - 3600, fixture.Now + 1), FlowFilter.All, [], 0))).TotalResults);

        // Past the fine retention its flows are still there, rolled up; past the history retention they are gone.
        fixture.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(async () => (await grain.ListAsync(new FlowListQuery(new TimeRange(fixture.Now - 7200, fixture.Now + 1), FlowFilter.All, [], 0))).TotalResults == 2,
            "the roll-up answers for the expired fine windows");
        Assert.Contains(owner, await directory.GetOwnersAsync());

        fixture.Time.Advance(TimeSpan.FromHours(24));
        await Eventually.TrueAsync(async () => !(await directory.GetOwnersAsync()).Contains(owner), "the owner left the directory");
    }
}
