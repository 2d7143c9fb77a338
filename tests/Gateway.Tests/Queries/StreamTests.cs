using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>Flows.Stream: backfill of closed windows, then each window as it closes, one row per key per window, never twice.</summary>
public sealed class StreamTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan UntilClosed = TimeSpan.FromSeconds(15 + 20 + 1);

    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task Backfill_sends_closed_windows_then_live_sends_each_window_as_it_closes()
    {
        var ns = Names.Unique("stream");
        var first = Gateway.Now / 15 * 15;
        await NodeClient.ReportAsync(Gateway, "node-a", Update(ns, "a-*", ns, "b-*", first + 1, bytesIn: 10), Update(ns, "c-*", ns, "b-*", first + 2, bytesIn: 20));
        await NodeClient.ReportAsync(Gateway, "node-b", Update(ns, "a-*", ns, "b-*", first + 3, bytesIn: 5));
        await Gateway.DrainAsync();
        await CloseWindowsAsync(ns, first);

        using var stream = OpenStream(ns, startTimeGte: first);
        var backfill = await ReadAsync(stream, 2);
        Assert.Equal([("a-*", first, 15L), ("c-*", first, 20L)], backfill.Select(Row).Order());

        var second = first + 15;
        await NodeClient.ReportAsync(Gateway, "node-a", Update(ns, "a-*", ns, "b-*", second + 1, bytesIn: 7));
        await Gateway.DrainAsync();
        Gateway.Time.Advance(TimeSpan.FromSeconds(15));

        var live = await ReadAsync(stream, 1);
        Assert.Equal([("a-*", second, 7L)], live.Select(Row));
    }

    [Fact]
    public async Task Windows_that_close_while_a_backfill_is_read_are_each_sent_once_in_order()
    {
        var ns = Names.Unique("overlap");
        var first = Gateway.Now / 15 * 15;
        await NodeClient.ReportAsync(Gateway, "node-a", Update(ns, "a-*", ns, "b-*", first + 1));
        await Gateway.DrainAsync();
        await CloseWindowsAsync(ns, first);

        using var stream = OpenStream(ns, startTimeGte: first);
        for (var w = 1; w <= 3; w++)
        {
            await NodeClient.ReportAsync(Gateway, "node-a", Update(ns, "a-*", ns, "b-*", Gateway.Now / 15 * 15 + 1));
            await Gateway.DrainAsync();
            Gateway.Time.Advance(TimeSpan.FromSeconds(15));
        }

        Gateway.Time.Advance(UntilClosed);
        var rows = await ReadAsync(stream, 4);
        Assert.Equal(4, rows.Select(r => r.Flow.StartTime).Distinct().Count());
        Assert.Equal(rows.Select(r => r.Flow.StartTime).Order(), rows.Select(r => r.Flow.StartTime));
    }

    /// <summary>Found by fuzzing: a start in 1970 once made an empty window for every 15 s since before sending anything.</summary>
    [Theory]
    [InlineData(1L)]
    [InlineData(-4_000_000_000L)]
    public async Task A_stream_from_before_the_retention_starts_at_the_oldest_kept_window(long startTimeGte)
    {
        var ns = Names.Unique("ancient");
        var first = Gateway.Now / 15 * 15;
        await NodeClient.ReportAsync(Gateway, "node-a", Update(ns, "a-*", ns, "b-*", first + 1, bytesIn: 10));
        await Gateway.DrainAsync();
        await CloseWindowsAsync(ns, first);

        using var stream = OpenStream(ns, startTimeGte);
        var backfill = await ReadAsync(stream, 1);
        Assert.Equal([("a-*", first, 10L)], backfill.Select(Row));
    }

    [Fact]
    public async Task Start_time_zero_streams_live_only()
    {
        var ns = Names.Unique("liveonly");
        var window = Gateway.Now / 15 * 15;
        using (var probe = OpenStream(ns, startTimeGte: 0))
        {
            await Eventually.TrueAsync(() => Gateway.Services.GetRequiredService<LiveStreams>().Open > 0, "the probe is open");
            await NodeClient.ReportAsync(Gateway, "node-a", Update(ns, "old-*", ns, "b-*", window + 1));
            await Gateway.DrainAsync();
            Gateway.Time.Advance(UntilClosed);
            Assert.Equal("old-*", (await ReadAsync(probe, 1))[0].Flow.Key.SourceName); // the old window's close has reached this gateway
        }

        var streams = Gateway.Services.GetRequiredService<LiveStreams>();
        await Eventually.TrueAsync(() => streams.Open == 0, "the probe closed");
        using var stream = OpenStream(ns, startTimeGte: 0);
        await Eventually.TrueAsync(() => streams.Open == 1, "the stream is open");
        await NodeClient.ReportAsync(Gateway, "node-a", Update(ns, "new-*", ns, "b-*", window + 16));
        await Gateway.DrainAsync();
        Gateway.Time.Advance(TimeSpan.FromSeconds(15));

        var rows = await ReadAsync(stream, 1);
        Assert.Equal("new-*", rows[0].Flow.Key.SourceName);
    }

    [Fact]
    public async Task Two_hundred_concurrent_streams_each_receive_every_closed_window()
    {
        var ns = Names.Unique("many");
        var streams = Enumerable.Range(0, 200).Select(_ => OpenStream(ns, startTimeGte: 0)).ToList();
        try
        {
            var open = Gateway.Services.GetRequiredService<LiveStreams>();
            await Eventually.TrueAsync(() => open.Open >= 200, "all 200 streams open");

            var window = Gateway.Now / 15 * 15;
            await NodeClient.ReportAsync(Gateway, "node-a", Update(ns, "a-*", ns, "b-*", window + 1, bytesIn: 3));
            await Gateway.DrainAsync();
            Gateway.Time.Advance(UntilClosed);

            var firstRows = await Task.WhenAll(streams.Select(s => ReadAsync(s, 1)));
            Assert.All(firstRows, rows => Assert.Equal(("a-*", window, 3L), Row(rows[0])));
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
        }
    }

    private AsyncServerStreamingCall<FlowResult> OpenStream(string ns, long startTimeGte) =>
        new Flows.FlowsClient(Gateway.Channel).Stream(new FlowStreamRequest
        {
            StartTimeGte = startTimeGte,
            Filter = new Filter { SourceNamespaces = { Exact(ns) } },
        });

    private async Task CloseWindowsAsync(string ns, long through)
    {
        Gateway.Time.Advance(UntilClosed);
        var grain = Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<FlowGrain.Abstractions.Grains.INamespaceFlowsGrain>(ns);
        await Eventually.TrueAsync(async () =>
            (await grain.ClosedRowsAsync(new FlowGrain.Abstractions.Queries.WindowQuery(through, FlowGrain.Abstractions.Queries.FlowFilter.All))).ClosedThrough >= through,
            $"owner {ns} closed window {through}");
    }

    private static async Task<List<FlowResult>> ReadAsync(AsyncServerStreamingCall<FlowResult> stream, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var rows = new List<FlowResult>();
        while (rows.Count < count && await stream.ResponseStream.MoveNext(timeout.Token)) rows.Add(stream.ResponseStream.Current);
        return rows;
    }

    private static (string Source, long Start, long BytesIn) Row(FlowResult r) => (r.Flow.Key.SourceName, r.Flow.StartTime, r.Flow.BytesIn);
}
