using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using Orleans.Core.Internal;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>An owner that deactivates (its silo stops, or it is moved) writes a last checkpoint; its next activation starts from it.</summary>
[Collection(OrleansCluster.Name)]
public sealed class OwnerHandoverTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_reactivated_owner_has_its_flows_and_still_recognises_replays()
    {
        var owner = $"handover-{Guid.NewGuid():N}";
        var grain = fixture.Client.GetGrain<INamespaceFlowsGrain>(owner);
        var batch = ClusterReports.Batch(owner, fixture.Now - 2, 4);
        var first = await grain.IngestAsync(batch);
        Assert.Equal(4, first.Receipt.Accepted);

        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually.TrueAsync(async () => (await grain.DurabilityAsync()).Activation != first.Durability.Activation, "the owner activated again");

        var page = await grain.ListAsync(new FlowListQuery(new TimeRange(fixture.Now - 3600, fixture.Now + 1), FlowFilter.All, [], 0));
        Assert.Equal(4, page.TotalResults);
        Assert.Equal(4 * 200, page.Flows.Sum(f => f.Counters.Bytes));
        var replay = await grain.IngestAsync(batch);
        Assert.Equal(4, replay.Receipt.Duplicates);
    }

    [Fact]
    public async Task A_new_directory_activation_starts_from_the_owners_in_storage()
    {
        var owner = $"directory-{Guid.NewGuid():N}";
        await fixture.Client.GetGrain<INamespaceFlowsGrain>(owner).IngestAsync(ClusterReports.Batch(owner, fixture.Now - 2, 1));
        await Eventually.TrueAsync(async () => (await fixture.Store.OwnersAsync()).Contains(owner), "the owner's first checkpoint was written");

        var directory = fixture.Client.GetGrain<IOwnerDirectoryGrain>(0);
        await directory.UnregisterAsync(owner); // as if the directory's silo had died before the owner registered there
        await directory.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        await Eventually.TrueAsync(async () => (await directory.GetOwnersAsync()).Contains(owner), "the directory lists the stored owner");
    }
}
