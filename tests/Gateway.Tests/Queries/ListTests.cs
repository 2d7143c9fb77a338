using FlowGrain.Gateway.Collector;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>Flows.List over real gRPC: sums, label intersection, window-aligned times, stable ids.</summary>
public sealed class ListTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Gateway => fixture.Gateway;

    private Flows.FlowsClient Flows => new(Gateway.Channel);

    [Fact]
    public async Task Reports_of_one_key_are_summed_with_labels_intersected_and_window_bounds_as_times()
    {
        var ns = Names.Unique("sums");
        var window = Gateway.Now / 15 * 15 - 30;
        await NodeClient.ReportAsync(Gateway, "node-a",
            Update(ns, "api-*", ns, "db-*", window + 2, bytesIn: 100, bytesOut: 200, packetsIn: 3, packetsOut: 4, started: 1, completed: 2, live: 3,
                sourceLabels: ["app=api", "replica=0"], destLabels: ["app=db"]),
            Update(ns, "api-*", ns, "db-*", window + 17, bytesIn: 1, bytesOut: 2, packetsIn: 1, packetsOut: 1, started: 1, completed: 0, live: 1,
                sourceLabels: ["app=api", "replica=0"], destLabels: ["app=db"]));
        await NodeClient.ReportAsync(Gateway, "node-b",
            Update(ns, "api-*", ns, "db-*", window + 5, bytesIn: 10, bytesOut: 20, packetsIn: 1, packetsOut: 1, started: 2, completed: 2, live: 0,
                sourceLabels: ["app=api", "replica=1"], destLabels: ["app=db", "tier=data"]));
        await Gateway.DrainAsync();

        var result = await Flows.ListAsync(new FlowListRequest { Filter = new Filter { SourceNamespaces = { Exact(ns) } } });

        var row = Assert.Single(result.Flows);
        Assert.Equal(111, row.Flow.BytesIn);
        Assert.Equal(222, row.Flow.BytesOut);
        Assert.Equal(5, row.Flow.PacketsIn);
        Assert.Equal(6, row.Flow.PacketsOut);
        Assert.Equal(4, row.Flow.NumConnectionsStarted);
        Assert.Equal(4, row.Flow.NumConnectionsCompleted);
        Assert.Equal(4, row.Flow.NumConnectionsLive);
        Assert.Equal(["app=api"], row.Flow.SourceLabels);
        Assert.Equal(["app=db"], row.Flow.DestLabels);
        Assert.Equal(window, row.Flow.StartTime);
        Assert.Equal(window + 30, row.Flow.EndTime);
        Assert.Equal(1, result.Meta.TotalResults);
        Assert.Equal(1, result.Meta.TotalPages);
    }

    [Fact]
    public async Task The_id_is_the_stable_hash_of_the_canonical_key_whatever_order_policy_hits_arrive_in()
    {
        var ns = Names.Unique("ids");
        var now = Gateway.Now;
        var first = Hit(PolicyKind.NetworkPolicy, ns, "allow-a", "default", FlowGrain.Protocol.Action.Allow, index: 0);
        var second = Hit(PolicyKind.GlobalNetworkPolicy, "", "allow-b", "security", FlowGrain.Protocol.Action.Allow, index: 1);
        var inOrder = Update(ns, "a-*", ns, "b-*", now - 20, enforced: [first, second]);
        var shuffled = Update(ns, "a-*", ns, "b-*", now - 20, enforced: [second, first]);
        await NodeClient.ReportAsync(Gateway, "node-1", inOrder);
        await NodeClient.ReportAsync(Gateway, "node-2", shuffled);
        await Gateway.DrainAsync();

        var result = await Flows.ListAsync(new FlowListRequest { Filter = new Filter { SourceNamespaces = { Exact(ns) } } });

        var row = Assert.Single(result.Flows);
        var expectedId = FlowUpdateValidator.Validate(inOrder, "any", now).Report!.Key.Id;
        Assert.Equal(expectedId, row.Id);
        Assert.Equal(200, row.Flow.BytesIn);
        Assert.Equal(["allow-a", "allow-b"], row.Flow.Key.Policies.EnforcedPolicies.Select(h => h.Name));
    }

    [Fact]
    public async Task A_range_selects_windows_from_the_one_containing_its_start()
    {
        var ns = Names.Unique("range");
        var window = Gateway.Now / 15 * 15 - 60;
        await NodeClient.ReportAsync(Gateway, "node-a",
            Update(ns, "old-*", ns, "x", window + 1),
            Update(ns, "mid-*", ns, "x", window + 16),
            Update(ns, "new-*", ns, "x", window + 31));
        await Gateway.DrainAsync();

        async Task<string[]> SourcesIn(long gte, long lt) => [.. (await Flows.ListAsync(new FlowListRequest
        {
            StartTimeGte = gte,
            StartTimeLt = lt,
            SortBy = { new SortOption { SortBy = SortBy.SourceName } },
            Filter = new Filter { SourceNamespaces = { Exact(ns) } },
        })).Flows.Select(f => f.Flow.Key.SourceName)];

        Assert.Equal(["mid-*", "new-*"], await SourcesIn(window + 20, window + 45));
        Assert.Equal(["mid-*"], await SourcesIn(window + 15, window + 30));
        Assert.Equal(["mid-*", "new-*", "old-*"], await SourcesIn(window, 0));
    }
}
