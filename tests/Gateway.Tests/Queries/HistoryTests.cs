using System.Text.Json;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>
/// Ranges older than the fine windows, through the APIs: a gateway keeping 2 minutes of fine windows and one-minute
/// roll-ups answers 10 minutes of traffic with exactly what was reported, by List, the HTTP API and a stream's
/// backfill, each moment once.
/// </summary>
public sealed class HistoryTests : IAsyncLifetime
{
    private const long Minute = 60;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch), settings: new Dictionary<string, string?>
    {
        ["Aggregation:Retention"] = "00:02:00",
        ["History:RollupWindow"] = "00:01:00",
        ["History:Retention"] = "01:00:00",
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Ten_minutes_of_which_eight_are_only_in_roll_ups_give_exactly_the_reported_sums()
    {
        var ns = Names.Unique("history");
        var start = (_gateway.Now / Minute * Minute) + Minute;
        _gateway.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(start));
        var sent = new Dictionary<string, (long Bytes, long Packets)>();
        for (var window = 0; window < 40; window++)
        {
            var at = start + (window * 15);
            for (var k = 0; k < 3; k++)
            {
                var name = $"api-{(window + k) % 5}-*";
                await NodeClient.ReportAsync(_gateway, $"node-{k}", Update(ns, name, ns, "db-*", at + 1, bytesIn: window + k, packetsIn: 1));
                sent[name] = (sent.GetValueOrDefault(name).Bytes + window + k, sent.GetValueOrDefault(name).Packets + 1);
            }

            await _gateway.DrainAsync();
            _gateway.Time.Advance(TimeSpan.FromSeconds(15));
        }

        // Every window closed; those older than 2 minutes are kept only in their roll-ups.
        _gateway.Time.Advance(TimeSpan.FromSeconds(40));
        var filter = new Filter { SourceNamespaces = { Exact(ns) } };
        var flows = new Flows.FlowsClient(_gateway.Channel);
        var request = new FlowListRequest { StartTimeGte = start, Filter = filter };
        await Eventually.TrueAsync(async () => (await flows.ListAsync(request)).Flows.Sum(f => f.Flow.PacketsIn) == 120, "the last windows closed");

        var listed = (await flows.ListAsync(request)).Flows.ToDictionary(f => f.Flow.Key.SourceName);
        Assert.Equal(sent.Keys.Order(), listed.Keys.Order());
        Assert.All(sent, pair => Assert.Equal(pair.Value, (listed[pair.Key].Flow.BytesIn, listed[pair.Key].Flow.PacketsIn)));
        Assert.All(listed.Values, f => Assert.Equal(start, f.Flow.StartTime));

        using var http = new HttpClient();
        var json = JsonDocument.Parse(await http.GetStringAsync(
            $"http://127.0.0.1:{_gateway.HttpPort}/whisker-backend/flows?startTimeGte={start}&filters={Uri.EscapeDataString($$"""{"source_namespaces":[{"value":"{{ns}}"}]}""")}"));
        Assert.Equal(sent.Values.Sum(v => v.Bytes), json.RootElement.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("bytes_in").GetInt64()));

        // aggregation_interval of one window: where only roll-ups exist, a bucket is a whole roll-up (rounded up).
        var bucketed = (await flows.ListAsync(new FlowListRequest { StartTimeGte = start, Filter = filter, AggregationInterval = 15 })).Flows;
        Assert.Equal(sent.OrderBy(p => p.Key), bucketed.GroupBy(f => f.Flow.Key.SourceName)
            .ToDictionary(g => g.Key, g => (g.Sum(f => f.Flow.BytesIn), g.Sum(f => f.Flow.PacketsIn))).OrderBy(p => p.Key));
        Assert.All(bucketed.GroupBy(f => (f.Flow.Key.SourceName, f.Flow.StartTime)), bucket => Assert.Single(bucket));
        var rolledUp = bucketed.Where(f => f.Flow.EndTime - f.Flow.StartTime == Minute).ToList();
        var fine = bucketed.Where(f => f.Flow.EndTime - f.Flow.StartTime == 15).ToList();
        Assert.Equal(bucketed.Count, rolledUp.Count + fine.Count);
        Assert.NotEmpty(rolledUp);
        Assert.NotEmpty(fine);
        Assert.True(rolledUp.Max(f => f.Flow.EndTime) <= fine.Min(f => f.Flow.StartTime), "roll-ups before the seam, fine windows after it");

        // A stream's backfill: one-minute roll-ups for the old part, then 15-second windows; every report once.
        using var stream = flows.Stream(new FlowStreamRequest { StartTimeGte = start, Filter = filter });
        var rows = new List<FlowResult>();
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (rows.Sum(r => r.Flow.PacketsIn) < 120 && await stream.ResponseStream.MoveNext(read.Token)) rows.Add(stream.ResponseStream.Current);
        Assert.Equal(sent.Values.Sum(v => v.Bytes), rows.Sum(r => r.Flow.BytesIn));
        Assert.Contains(rows, r => r.Flow.EndTime - r.Flow.StartTime == Minute);
        Assert.Contains(rows, r => r.Flow.EndTime - r.Flow.StartTime == 15);
    }

    [Fact]
    public async Task The_oldest_kept_history_is_where_a_range_from_zero_starts_and_a_bad_history_setting_stops_the_gateway()
    {
        var ns = Names.Unique("oldest");
        await NodeClient.ReportAsync(_gateway, "node-1", Update(ns, "a-*", ns, "b-*", _gateway.Now - 5));
        await _gateway.DrainAsync();
        _gateway.Time.Advance(TimeSpan.FromMinutes(30));
        var flows = new Flows.FlowsClient(_gateway.Channel);
        var filter = new Filter { SourceNamespaces = { Exact(ns) } };

        await Eventually.TrueAsync(async () => (await flows.ListAsync(new FlowListRequest { Filter = filter })).Flows.Count == 1,
            "the 30-minute-old flow is found from the oldest history on");
        Assert.Empty((await flows.ListAsync(new FlowListRequest { StartTimeGte = -600, Filter = filter })).Flows);

        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => GatewayHost.StartAsync(
            new FakeTimeProvider(GatewayFixture.Epoch), settings: new Dictionary<string, string?> { ["History:RollupWindow"] = "00:00:20" }));
        Assert.Contains("History:RollupWindow", refused.Message, StringComparison.Ordinal);
    }
}
