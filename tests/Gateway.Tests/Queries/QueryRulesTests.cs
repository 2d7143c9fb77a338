using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>Both PolicyMatch encodings, Calico's time-range rules, and InvalidArgument for requests that cannot be answered.</summary>
public sealed class QueryRulesTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private GatewayHost Gateway => fixture.Gateway;

    private Flows.FlowsClient Flows => new(Gateway.Channel);

    public async Task InitializeAsync()
    {
        if ((await Flows.ListAsync(new FlowListRequest())).Flows.Count == 0) await FilterDataset.LoadAsync(Gateway);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_v3_30_policy_match_with_plain_strings_filters_like_a_v3_32_one()
    {
        var legacy = RawCalls.Field(6, RawCalls.Field(8, RawCalls.LegacyPolicyMatch(ns: "bank", name: "default-deny")));
        var current = new FlowListRequest { Filter = new Filter { Policies = { new PolicyMatch { Namespace = Exact("bank"), Name = Exact("default-deny") } } } };

        var legacyResult = await RawCalls.ListAsync(Gateway.Channel, legacy);
        var currentResult = await Flows.ListAsync(current);

        Assert.Equal("F5", FilterDataset.Identify(legacyResult.Flows));
        Assert.Equal("F5", FilterDataset.Identify(currentResult.Flows));
    }

    [Fact]
    public async Task A_v3_30_policy_match_in_a_statistics_request_is_understood()
    {
        var legacy = RawCalls.Field(5, RawCalls.LegacyPolicyMatch(tier: "security"));
        using var call = RawCalls.Statistics(Gateway.Channel, legacy);
        var policies = new List<string>();
        await foreach (var result in call.ResponseStream.ReadAllAsync()) policies.Add(result.Policy.Name);

        Assert.Equal(["allow-dns", "allow-egress"], policies.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Zero_means_oldest_kept_and_now_absolute_values_are_taken_as_is_and_negative_ones_count_back_from_now()
    {
        var now = Gateway.Now;
        var dataWindow = (now / 15 * 15) - 30;

        Assert.Equal(7, (await Flows.ListAsync(new FlowListRequest { StartTimeGte = 0, StartTimeLt = 0 })).Meta.TotalResults);
        Assert.Equal(7, (await Flows.ListAsync(new FlowListRequest { StartTimeGte = dataWindow, StartTimeLt = dataWindow + 15 })).Meta.TotalResults);
        Assert.Equal(0, (await Flows.ListAsync(new FlowListRequest { StartTimeGte = dataWindow + 15, StartTimeLt = now + 60 })).Meta.TotalResults);
        Assert.Equal(7, (await Flows.ListAsync(new FlowListRequest { StartTimeGte = -(now - dataWindow) })).Meta.TotalResults);
        Assert.Equal(0, (await Flows.ListAsync(new FlowListRequest { StartTimeGte = -(now - dataWindow - 15) })).Meta.TotalResults);
        Assert.Equal(0, (await Flows.ListAsync(new FlowListRequest { StartTimeLt = -(now - dataWindow) })).Meta.TotalResults);
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_invalid_on_every_query()
    {
        var now = Gateway.Now;
        var list = await Assert.ThrowsAsync<RpcException>(() => Flows.ListAsync(new FlowListRequest { StartTimeGte = now, StartTimeLt = now - 10 }).ResponseAsync);
        var hints = await Assert.ThrowsAsync<RpcException>(() => Flows.FilterHintsAsync(new FilterHintsRequest { Type = FilterType.SourceName, StartTimeGte = -10, StartTimeLt = -20 }).ResponseAsync);
        var stats = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = new Statistics.StatisticsClient(Gateway.Channel).List(new StatisticsRequest { StartTimeGte = now, StartTimeLt = now });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        foreach (var error in new[] { list, hints, stats })
        {
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains("start_time_gte", error.Status.Detail, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, FlowListRequest, string> InvalidLists => new()
    {
        { "unknown action", new FlowListRequest { Filter = new Filter { Actions = { (FlowGrain.Protocol.Action)9 } } }, "filter.actions[0]" },
        { "unknown reporter", new FlowListRequest { Filter = new Filter { Reporter = (Reporter)5 } }, "filter.reporter" },
        { "unknown match type", new FlowListRequest { Filter = new Filter { SourceNames = { new StringMatch { Value = "a", Type = (MatchType)7 } } } }, "filter.source_names[0].type" },
        { "unknown policy kind", new FlowListRequest { Filter = new Filter { Policies = { new PolicyMatch { Kind = (PolicyKind)42 } } } }, "filter.policies[0].kind" },
        { "unknown sort", new FlowListRequest { SortBy = { new SortOption { SortBy = (SortBy)12 } } }, "sort_by[0]" },
        { "negative page", new FlowListRequest { Page = -1, PageSize = 10 }, "page" },
        { "negative page size", new FlowListRequest { PageSize = -5 }, "page_size" },
        { "interval not a multiple of the window", new FlowListRequest { AggregationInterval = 7 }, "aggregation_interval" },
    };

    [Theory]
    [MemberData(nameof(InvalidLists))]
    public async Task A_list_request_that_cannot_be_answered_gets_InvalidArgument_naming_the_field(string description, FlowListRequest request, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Flows.ListAsync(request).ResponseAsync);

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, description);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undecodable_request_bytes_get_InvalidArgument_and_the_gateway_keeps_answering()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => RawCalls.ListAsync(Gateway.Channel, [0xFF, 0xFF, 0xFF, 0x07, 0x01]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("FlowListRequest", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(7, (await Flows.ListAsync(new FlowListRequest())).Meta.TotalResults);
    }

    [Fact]
    public async Task Filter_hints_need_a_type()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Flows.FilterHintsAsync(new FilterHintsRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("type", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_with_an_interval_other_than_the_window_is_refused()
    {
        using var call = Flows.Stream(new FlowStreamRequest { AggregationInterval = 60 });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("aggregation_interval", error.Status.Detail, StringComparison.Ordinal);
    }
}
