using System.Collections.Immutable;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Shards;
using FlowGrain.Gateway.Collector;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>
/// A namespace split while traffic goes on: the new count takes effect at a window boundary set a minute ahead,
/// every gateway routes each window by the count in force for it, and a replay of everything, through the other
/// gateway, after the change, still lands where the first delivery did: nothing lost, nothing counted twice.
/// </summary>
public sealed class ShardChangeTests : IAsyncLifetime
{
    private GatewayHost _first = null!;
    private GatewayHost _second = null!;

    public async Task InitializeAsync()
    {
        var time = new FakeTimeProvider(GatewayFixture.Epoch);
        _first = await GatewayHost.StartAsync(time, clusterId: "shards-change");
        _second = await GatewayHost.StartAsync(time, joinSiloGatewayPort: _first.SiloGatewayPort, clusterId: "shards-change");
        await Task.WhenAll(Routing(_first).Known, Routing(_second).Known);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Splitting_an_owner_takes_effect_at_a_window_boundary_and_neither_loses_nor_doubles_a_flow()
    {
        var before = (_first.Now / 15 * 15) - 15;
        var sent = new List<(string Node, FlowUpdate Update)>();
        await SendAsync(_first, before, "before", sent);

        // What a gateway configured with Aggregation:Shards:change=4 proposes; every gateway learns of it.
        var schedule = await _first.Services.GetRequiredService<IGrainFactory>().GetGrain<IShardMapGrain>(0)
            .ProposeAsync(new ShardSettings(1, new Dictionary<string, int> { ["change"] = 4 }.ToImmutableDictionary()));
        var boundary = schedule.ByNamespace["change"][^1].FromWindow;
        Assert.Equal(0, boundary % 15);
        Assert.True(boundary > _first.Now, "the change is set ahead");
        await Eventually.TrueAsync(() => Routing(_first).Schedule.ShardsAt("change", boundary) == 4 && Routing(_second).Schedule.ShardsAt("change", boundary) == 4,
            "both gateways route by the new schedule");
        Assert.Equal(1, Routing(_second).Schedule.ShardsAt("change", boundary - 15));

        _first.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(boundary + 5));
        await SendAsync(_first, boundary, "after", sent);
        foreach (var (node, update) in sent) await NodeClient.ReportAsync(_second, node, update); // every node replays through the other gateway
        await _first.DrainAsync();
        await _second.DrainAsync();

        var owners = await _first.Services.GetRequiredService<IGrainFactory>().GetGrain<IOwnerDirectoryGrain>(0).GetOwnersAsync();
        Assert.Contains("change", owners);
        Assert.True(owners.Count(o => o.StartsWith("change/", StringComparison.Ordinal)) >= 2, string.Join(", ", owners));
        var listed = await new Flows.FlowsClient(_first.Channel).ListAsync(new FlowListRequest { StartTimeGte = before, Filter = new Filter { SourceNamespaces = { Exact("change") } } });
        Assert.Equal(sent.GroupBy(s => s.Update.Flow.Key.DestName).ToDictionary(g => g.Key, g => g.Sum(s => s.Update.Flow.BytesIn)),
            listed.Flows.ToDictionary(f => f.Flow.Key.DestName, f => f.Flow.BytesIn));
    }

    private static async Task SendAsync(GatewayHost gateway, long window, string phase, List<(string, FlowUpdate)> sent)
    {
        for (var node = 0; node < 8; node++)
        {
            for (var key = 0; key < 3; key++)
            {
                var update = Update("change", "api-*", "change", $"{phase}-{key}-*", window + 1, bytesIn: (node * 10) + key + 1);
                await NodeClient.ReportAsync(gateway, $"node-{node}", update);
                sent.Add(($"node-{node}", update));
            }
        }
    }

    private static ShardRouting Routing(GatewayHost gateway) => gateway.Services.GetRequiredService<ShardRouting>();
}
