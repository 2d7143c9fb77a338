using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>Flows.FilterHints and Statistics.List over the filter dataset, as Calico's reference describes them.</summary>
public sealed class HintsAndStatisticsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private Flows.FlowsClient Flows => new(fixture.Gateway.Channel);

    public async Task InitializeAsync()
    {
        if ((await Flows.ListAsync(new FlowListRequest())).Flows.Count == 0) await FilterDataset.LoadAsync(fixture.Gateway);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(FilterType.SourceName, "api-*,ledger-*,node-1,pvt,worker-*")]
    [InlineData(FilterType.DestName, "coredns-*,db-*,ledger-*,pub,web-*")]
    [InlineData(FilterType.SourceNamespace, "-,bank,shop")]
    [InlineData(FilterType.DestNamespace, "-,bank,kube-system,shop")]
    [InlineData(FilterType.PolicyName, "allow-db,allow-dns,allow-egress,default-deny,lockdown")]
    [InlineData(FilterType.PolicyKind, "GlobalNetworkPolicy,NetworkPolicy,StagedNetworkPolicy")]
    [InlineData(FilterType.PolicyTier, "default,security")]
    [InlineData(FilterType.PolicyNamespace, "bank,shop")]
    public async Task Hints_list_distinct_values_ascending_skipping_profiles_and_reading_end_of_tier_triggers(FilterType type, string expected)
    {
        var result = await Flows.FilterHintsAsync(new FilterHintsRequest { Type = type });

        Assert.Equal(expected, string.Join(",", result.Hints.Select(h => h.Value)));
        Assert.Equal(expected.Split(',').Length, result.Meta.TotalResults);
    }

    [Fact]
    public async Task Hints_honour_the_filter_and_paging()
    {
        var filtered = await Flows.FilterHintsAsync(new FilterHintsRequest { Type = FilterType.DestNamespace, Filter = new Filter { SourceNames = { Exact("worker-*") } } });
        Assert.Equal(["bank"], filtered.Hints.Select(h => h.Value));

        var page = await Flows.FilterHintsAsync(new FilterHintsRequest { Type = FilterType.SourceName, Page = 1, PageSize = 2 });
        Assert.Equal(["node-1", "pvt"], page.Hints.Select(h => h.Value));
        Assert.Equal(5, page.Meta.TotalResults);
        Assert.Equal(3, page.Meta.TotalPages);
    }

    [Fact]
    public async Task Statistics_per_policy_count_each_flow_by_the_hit_action_enforced_and_pending()
    {
        var results = await StatisticsAsync(new StatisticsRequest { Type = StatisticType.PacketCount, GroupBy = StatisticsGroupBy.Policy });

        var byName = results.ToDictionary(r => r.Policy.Name);
        Assert.Equal(["allow-db", "allow-dns", "allow-egress", "default-deny", "kns.shop", "lockdown"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((1L, 2L), (byName["allow-db"].AllowedIn.Single(), byName["allow-db"].AllowedOut.Single()));
        Assert.Equal((1L, 2L), (byName["default-deny"].DeniedIn.Single(), byName["default-deny"].DeniedOut.Single()));
        Assert.Equal(PolicyKind.NetworkPolicy, byName["default-deny"].Policy.Kind);
        Assert.Equal((1L, 2L), (byName["lockdown"].DeniedIn.Single(), byName["lockdown"].DeniedOut.Single()));
        Assert.All(results, r => Assert.Empty(r.X));
    }

    [Fact]
    public async Task Statistics_per_rule_carry_the_direction_of_the_reporter()
    {
        var results = await StatisticsAsync(new StatisticsRequest
        {
            Type = StatisticType.ByteCount,
            GroupBy = StatisticsGroupBy.PolicyRule,
            PolicyMatch = new PolicyMatch { Namespace = Exact("bank") },
            TimeSeries = true,
        });

        var deny = Assert.Single(results, r => r.Policy.Name == "default-deny");
        Assert.Equal(RuleDirection.Ingress, deny.Direction);
        Assert.Equal(-1, deny.Policy.RuleIndex);
        Assert.Equal([100L], deny.DeniedIn);
        Assert.Single(deny.X);
        var staged = Assert.Single(results, r => r.Policy.Name == "lockdown");
        Assert.Equal(RuleDirection.Egress, staged.Direction);
    }

    [Fact]
    public async Task Empty_statistics_are_one_empty_result_then_NotFound()
    {
        using var call = new Statistics.StatisticsClient(fixture.Gateway.Channel).List(new StatisticsRequest { PolicyMatch = new PolicyMatch { Name = Exact("no-such-policy") } });

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(new StatisticsResult(), call.ResponseStream.Current);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private async Task<List<StatisticsResult>> StatisticsAsync(StatisticsRequest request)
    {
        using var call = new Statistics.StatisticsClient(fixture.Gateway.Channel).List(request);
        var results = new List<StatisticsResult>();
        await foreach (var result in call.ResponseStream.ReadAllAsync()) results.Add(result);
        return results;
    }
}
