using System.Diagnostics.Metrics;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Google.Protobuf;
using Grpc.Core;
using FlowGrain.Grains.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>
/// A namespace split into 4 shards answers exactly as the same namespace unsplit: the same traffic into a cluster
/// with <c>Aggregation:Shards:hot=4</c> (two gateways) and into one without gives identical List pages in every sort,
/// totals, hints, statistics, backfilled streams and traffic metrics (the owner's flows counted once, whatever shard
/// took them); a replay of everything through the other gateway is still recognised.
/// </summary>
public sealed class ShardTests : IAsyncLifetime
{
    private const string Hot = "hot";
    private static readonly Dictionary<string, string?> FourShards = new() { ["Aggregation:Shards:hot"] = "4" };

    private GatewayHost _split = null!;
    private GatewayHost _splitOther = null!;
    private GatewayHost _whole = null!;
    private long _first;

    public async Task InitializeAsync()
    {
        var epoch = new FakeTimeProvider(GatewayFixture.Epoch);
        _split = await GatewayHost.StartAsync(epoch, clusterId: "shards-split", settings: FourShards);
        _splitOther = await GatewayHost.StartAsync(epoch, joinSiloGatewayPort: _split.SiloGatewayPort, clusterId: "shards-split", settings: FourShards);
        _whole = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch), clusterId: "shards-whole");

        // The split takes effect a minute after it is proposed (every gateway learns of it first).
        await Eventually.TrueAsync(async () => (await _split.Services.GetRequiredService<IGrainFactory>().GetGrain<IShardMapGrain>(0).GetAsync())
            .ShardsAt(Hot, _split.Now + 120) == 4, "the split was scheduled");
        foreach (var time in new[] { epoch, _whole.Time }) time.Advance(TimeSpan.FromSeconds(90));
        _first = (_split.Now / 15 * 15) - 30; // three windows: two closing, the one filling
    }

    public async Task DisposeAsync()
    {
        await _splitOther.DisposeAsync();
        await _split.DisposeAsync();
        await _whole.DisposeAsync();
    }

    [Fact]
    public async Task Four_shards_answer_every_query_exactly_as_the_unsplit_owner_and_replays_through_the_other_gateway_count_once()
    {
        // Each host's own meters (metrics exporters of hosts in one process would read each other's).
        var splitMetrics = TrafficCollectors(_split);
        var wholeMetrics = TrafficCollectors(_whole);
        var traffic = Traffic();
        foreach (var (node, update) in traffic)
        {
            await NodeClient.ReportAsync(_split, node, update);
            await NodeClient.ReportAsync(_whole, node, update);
        }

        foreach (var (node, update) in traffic) await NodeClient.ReportAsync(_splitOther, node, update); // every node reconnects elsewhere and replays
        foreach (var gateway in new[] { _split, _splitOther, _whole }) await gateway.DrainAsync();

        var shards = (await _split.Services.GetRequiredService<IGrainFactory>().GetGrain<IOwnerDirectoryGrain>(0).GetOwnersAsync())
            .Where(o => o.StartsWith(Hot + "/", StringComparison.Ordinal)).ToList();
        Assert.True(shards.Count >= 3, $"the flows went to {shards.Count} shards");

        await AssertSameAnswersAsync();
        foreach (var time in new[] { _split.Time, _whole.Time }) time.Advance(TimeSpan.FromSeconds(60)); // every window closes
        await Eventually.TrueAsync(async () => await BackfillAsync(_split) is { Count: > 0 } rows && rows.SequenceEqual(await BackfillAsync(_whole)),
            "the backfilled streams agree");
        await AssertSameAnswersAsync();
        foreach (var (instrument, whole) in wholeMetrics) Assert.Equal(Sums(whole), Sums(splitMetrics[instrument]));
        Assert.Equal(traffic.Count, splitMetrics["flowgrain_owner_flows"].GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(traffic.Sum(t => t.Update.Flow.BytesIn),
            splitMetrics["flowgrain_traffic_bytes"].GetMeasurementSnapshot().Where(m => m.Tags["direction"] is "in").Sum(m => m.Value));
    }

    private async Task AssertSameAnswersAsync()
    {
        var filter = new Filter { SourceNamespaces = { Exact(Hot) } };
        foreach (var sort in Enum.GetValues<SortBy>())
        {
            for (var page = 0; page < 3; page++)
            {
                var request = new FlowListRequest { StartTimeGte = _first, Filter = filter, Page = page, PageSize = 7, SortBy = { new SortOption { SortBy = sort } } };
                var (split, whole) = (await ListAsync(_split, request), await ListAsync(_whole, request));
                Assert.Equal(whole.Meta, split.Meta);
                Assert.Equal(whole.Flows, split.Flows);
            }
        }

        var all = new FlowListRequest { StartTimeGte = _first, Filter = filter };
        Assert.Equal((await ListAsync(_whole, all)).Flows, (await ListAsync(_split, all)).Flows);
        foreach (var type in Enum.GetValues<FilterType>().Where(t => t != FilterType.Unspecified))
        {
            var hints = new FilterHintsRequest { Type = type, StartTimeGte = _first, Filter = filter };
            Assert.Equal((await new Flows.FlowsClient(_whole.Channel).FilterHintsAsync(hints)).Hints, (await new Flows.FlowsClient(_split.Channel).FilterHintsAsync(hints)).Hints);
        }

        foreach (var groupBy in Enum.GetValues<StatisticsGroupBy>())
        {
            var statistics = new StatisticsRequest { StartTimeGte = _first, GroupBy = groupBy, Type = StatisticType.PacketCount, TimeSeries = true };
            Assert.Equal(await StatisticsAsync(_whole, statistics), await StatisticsAsync(_split, statistics));
        }
    }

    /// <summary>12 nodes × 3 windows, each node reporting some of 20 keys (so shards share keys), numbers and labels varying.</summary>
    private List<(string Node, FlowUpdate Update)> Traffic()
    {
        var random = new Random(5);
        var traffic = new List<(string, FlowUpdate)>();
        for (var node = 0; node < 12; node++)
        {
            for (var window = 0; window < 3; window++)
            {
                foreach (var key in Enumerable.Range(0, 20).Where(_ => random.Next(3) == 0))
                {
                    traffic.Add(($"node-{node}", Update(Hot, $"api-{key % 4}-*", key % 5 == 0 ? "data" : Hot, $"db-{key}-*", _first + (window * 15) + 1,
                        action: key % 7 == 0 ? FlowGrain.Protocol.Action.Deny : FlowGrain.Protocol.Action.Allow,
                        bytesIn: random.Next(1000), packetsIn: random.Next(1, 20), destPort: 5000 + (key % 3),
                        sourceLabels: ["app=api", $"node={node % 2}"], destLabels: ["app=db"],
                        enforced: [Hit(PolicyKind.NetworkPolicy, Hot, key % 2 == 0 ? "allow-db" : "allow-all", "default",
                            key % 7 == 0 ? FlowGrain.Protocol.Action.Deny : FlowGrain.Protocol.Action.Allow, 0)])));
                }
            }
        }

        return traffic;
    }

    private static Task<FlowListResult> ListAsync(GatewayHost gateway, FlowListRequest request) =>
        new Flows.FlowsClient(gateway.Channel).ListAsync(request).ResponseAsync;

    private static async Task<List<StatisticsResult>> StatisticsAsync(GatewayHost gateway, StatisticsRequest request)
    {
        using var call = new Statistics.StatisticsClient(gateway.Channel).List(request);
        var results = new List<StatisticsResult>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) results.Add(call.ResponseStream.Current);
        return results;
    }

    private async Task<List<string>> BackfillAsync(GatewayHost gateway)
    {
        using var call = new Flows.FlowsClient(gateway.Channel).Stream(new FlowStreamRequest { StartTimeGte = _first, Filter = new Filter { SourceNamespaces = { Exact(Hot) } } });
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var rows = new List<string>();
        try
        {
            while (await call.ResponseStream.MoveNext(enough.Token)) rows.Add(call.ResponseStream.Current.ToString());
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
        {
            // Backfill read; the stream would go on live.
        }

        return rows;
    }

    private static Dictionary<string, MetricCollector<long>> TrafficCollectors(GatewayHost gateway) =>
        new[] { "flowgrain_traffic_bytes", "flowgrain_traffic_packets", "flowgrain_traffic_connections", "flowgrain_traffic_flows", "flowgrain_policy_hits", "flowgrain_owner_flows" }
            .ToDictionary(name => name, name => new MetricCollector<long>(gateway.Services.GetRequiredService<IMeterFactory>(), TrafficMetrics.MeterName, name));

    /// <summary>Each label combination's total, as a sorted text.</summary>
    private static List<string> Sums(MetricCollector<long> collector) =>
        [.. collector.GetMeasurementSnapshot()
            .GroupBy(m => string.Join(",", m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")))
            .Select(g => $"{g.Key}: {g.Sum(m => m.Value)}")
            .Order(StringComparer.Ordinal)];
}
