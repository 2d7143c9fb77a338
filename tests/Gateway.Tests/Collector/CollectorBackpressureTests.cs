using System.Diagnostics;
using System.Globalization;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Gateway.Collector;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Collector;

/// <summary>
/// Over a real Connect stream: when an owner is slow, receipts wait for room in its queue instead of flows being
/// dropped; only a flow that waits longer than Collector:BackpressureTimeout is dropped, and counted.
/// </summary>
public sealed class CollectorBackpressureTests : IAsyncLifetime
{
    /// <summary>The smallest Collector:OwnerQueueCapacity the options allow.</summary>
    private const int Capacity = 100;

    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    private readonly string _ns = Names.Unique("held");
    private readonly HeldGrainCalls _hold;
    private GatewayHost? _gateway;

    public CollectorBackpressureTests() => _hold = new HeldGrainCalls(nameof(INamespaceFlowsGrain.IngestAsync), _ns);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _hold.Release(); // a held pump would keep the gateway from stopping
        if (_gateway is not null) await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task While_the_owner_is_slow_receipts_wait_for_room_and_no_flow_is_lost()
    {
        var gateway = await StartAsync(backpressureTimeout: TimeSpan.FromMinutes(1));
        using var dropped = DropCounter(gateway);
        using var call = Connect(gateway);
        await FillQueueAsync(gateway, call);

        // Five more written at once: the collector takes the first and waits for room; the rest wait on the wire behind it.
        for (var i = Capacity + 1; i <= Capacity + 5; i++) await call.RequestStream.WriteAsync(Flow(gateway, i));
        var receipt = call.ResponseStream.MoveNext(CancellationToken.None);
        await Eventually.TrueAsync(() => Pipeline(gateway).Pending >= Capacity + 2, "the collector took the flow after a full queue");
        // Nothing signals that a receipt will not come, so give a wrong one a fair chance to arrive.
        Assert.NotSame(receipt, await Task.WhenAny(receipt, Task.Delay(TimeSpan.FromMilliseconds(500))));

        _hold.Release();
        Assert.True(await receipt.WaitAsync(Prompt));
        for (var i = 1; i < 5; i++) Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Prompt));
        await CloseAsync(call);
        await gateway.DrainAsync();

        Assert.Equal(Sources(Enumerable.Range(0, Capacity + 6)), await SourcesAsync(gateway));
        Assert.Equal(0, Backpressure(dropped));
    }

    [Fact]
    public async Task A_flow_that_finds_no_room_within_the_backpressure_timeout_is_dropped_counted_and_the_stream_goes_on()
    {
        var timeout = TimeSpan.FromMilliseconds(500);
        var gateway = await StartAsync(timeout);
        using var dropped = DropCounter(gateway);
        using var call = Connect(gateway);
        await FillQueueAsync(gateway, call);
        Assert.Equal(0, Backpressure(dropped));

        const int overflow = 3;
        for (var i = Capacity + 1; i <= Capacity + overflow; i++)
        {
            var waited = Stopwatch.StartNew();
            await SendAsync(call, Flow(gateway, i));
            Assert.True(waited.Elapsed >= timeout * 0.9, $"flow {i} was answered after {waited.Elapsed}, sooner than the backpressure timeout");
            Assert.Equal(i - Capacity, Backpressure(dropped));
        }

        _hold.Release();
        await gateway.DrainAsync();
        var after = Capacity + overflow + 1;
        await SendAsync(call, Flow(gateway, after));
        await CloseAsync(call);
        await gateway.DrainAsync();

        Assert.Equal(Sources([.. Enumerable.Range(0, Capacity + 1), after]), await SourcesAsync(gateway));
        Assert.Equal(overflow, Backpressure(dropped));
    }

    [Fact]
    public async Task A_flow_still_waiting_for_room_when_the_gateway_stops_gets_unavailable_and_no_receipt_while_the_queued_flows_are_kept()
    {
        var gateway = await StartAsync(backpressureTimeout: TimeSpan.FromMinutes(1));
        using var call = Connect(gateway);
        await FillQueueAsync(gateway, call);
        await call.RequestStream.WriteAsync(Flow(gateway, Capacity + 1));
        var answer = call.ResponseStream.MoveNext(CancellationToken.None);
        await Eventually.TrueAsync(() => Pipeline(gateway).Pending >= Capacity + 2, "the collector took the flow after a full queue");

        var stopping = Pipeline(gateway).StopAsync(CancellationToken.None);
        var ended = await Assert.ThrowsAsync<RpcException>(() => answer.WaitAsync(Prompt));
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        _hold.Release();
        await stopping.WaitAsync(Prompt);

        // Felix replays the unanswered flow to another gateway; every answered one reached its owner.
        Assert.Equal(Sources(Enumerable.Range(0, Capacity + 1)), await SourcesAsync(gateway));
    }

    private async Task<GatewayHost> StartAsync(TimeSpan backpressureTimeout)
    {
        _gateway = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch),
            settings: new Dictionary<string, string?>
            {
                ["Collector:OwnerQueueCapacity"] = Capacity.ToString(CultureInfo.InvariantCulture),
                ["Collector:MaxBatchSize"] = "10",
                ["Collector:BackpressureTimeout"] = backpressureTimeout.ToString("c", CultureInfo.InvariantCulture),
            },
            services: services => services.AddSingleton<IOutgoingGrainCallFilter>(_hold));
        return _gateway;
    }

    /// <summary>Flow 0 reaches the held owner alone; flows 1…<see cref="Capacity"/> then fill its queue, each answered promptly.</summary>
    private async Task FillQueueAsync(GatewayHost gateway, AsyncDuplexStreamingCall<FlowUpdate, FlowReceipt> call)
    {
        await SendAsync(call, Flow(gateway, 0));
        await Eventually.TrueAsync(() => _hold.Calls == 1, "the owner's ingest call with flow 0 is held");
        for (var i = 1; i <= Capacity; i++) await SendAsync(call, Flow(gateway, i));
    }

    private static async Task SendAsync(AsyncDuplexStreamingCall<FlowUpdate, FlowReceipt> call, FlowUpdate update)
    {
        await call.RequestStream.WriteAsync(update);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Prompt), "the collector ended the stream");
    }

    /// <summary>Ends the stream as a node does; one receipt per update means none is left over.</summary>
    private static async Task CloseAsync(AsyncDuplexStreamingCall<FlowUpdate, FlowReceipt> call)
    {
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Prompt));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    private static AsyncDuplexStreamingCall<FlowUpdate, FlowReceipt> Connect(GatewayHost gateway) =>
        new FlowCollector.FlowCollectorClient(gateway.Channel).Connect(new Metadata { { NodeIdentity.NodeHeader, "node-held" } });

    private FlowUpdate Flow(GatewayHost gateway, int i) => Update(_ns, Source(i), _ns, "db-*", gateway.Now - 20);

    private static string Source(int i) => string.Create(CultureInfo.InvariantCulture, $"app-{i:D3}-*");

    private static string[] Sources(IEnumerable<int> flows) => [.. flows.Select(Source).Order(StringComparer.Ordinal)];

    private async Task<string[]> SourcesAsync(GatewayHost gateway)
    {
        var result = await new Flows.FlowsClient(gateway.Channel).ListAsync(new FlowListRequest
        {
            Filter = new Filter { SourceNamespaces = { Exact(_ns) } },
            SortBy = { new SortOption { SortBy = SortBy.SourceName } },
        });
        return [.. result.Flows.Select(f => f.Flow.Key.SourceName)];
    }

    private static IngestPipeline Pipeline(GatewayHost gateway) => gateway.Services.GetRequiredService<IngestPipeline>();

    private static MetricCollector<long> DropCounter(GatewayHost gateway) =>
        new(gateway.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GatewayMetrics.MeterName, "flowgrain_flows_dropped");

    private static long Backpressure(MetricCollector<long> dropped) =>
        dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], DropReasons.Backpressure)).Sum(m => m.Value);
}
