using CsCheck;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Gateway.Tests.Limits;
using FlowGrain.Protocol;
using FlowGrain.Tests.Support.Fuzzing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit.Abstractions;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Fuzzing;

/// <summary>
/// Random and mutated FlowUpdate bytes on one collector stream, each followed by a good flow: every message gets its
/// receipt in time, the stream never ends, and exactly the good flows are counted, with their exact packets.
/// </summary>
[Collection(FuzzRuns.Name)]
public sealed class CollectorFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Hostile_updates_between_good_ones_never_end_the_stream_and_the_good_flows_are_counted_exactly()
    {
        await using var gateway = await LimitedGateway.StartAsync(new Dictionary<string, string?>());
        using var received = new MetricCollector<long>(gateway.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            GatewayMetrics.MeterName, "flowgrain_flows_received");
        var ns = Names.Unique("fuzzgood");
        var start = gateway.Now - 20;
        using var call = RawCalls.Connect(gateway.Channel, "fuzz-node");
        var good = 0;
        var sent = 0;

        async Task SendAsync(byte[] message)
        {
            await call.RequestStream.WriteAsync(message).WaitAsync(FuzzBudget.CallDeadline);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(FuzzBudget.CallDeadline), "the collector ended the stream");
            sent++;
        }

        var managedBefore = FuzzChecks.ManagedBytes();
        await Mutations.Of(Templates.FlowUpdates(start)).SampleAsync(async hostile =>
        {
            await SendAsync(hostile);
            await SendAsync(Update(ns, $"good-{good}", ns, "sink", start, packetsIn: good + 1).ToByteArray());
            good++;
        }, writeLine: output.WriteLine, time: FuzzBudget.Seconds, threads: 1);

        await gateway.DrainAsync();
        // Every good flow in one answer: more than a client's default 4 MB after a long run.
        using var reader = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{gateway.GrpcPort}", new() { MaxReceiveMessageSize = null });
        var flows = (await new Flows.FlowsClient(reader).ListAsync(new FlowListRequest
        {
            Filter = new Filter { SourceNamespaces = { Exact(ns) } },
        })).Flows;
        output.WriteLine($"{sent} updates sent, {good} of them good");
        Assert.True(good > 100, $"the fuzzer ran ({good} samples)");
        Assert.Equal(good, flows.Count);
        Assert.Equal((long)good * (good + 1) / 2, flows.Sum(f => f.Flow.PacketsIn));
        Assert.Equal(sent, received.GetMeasurementSnapshot().Sum(m => m.Value));
        await FuzzChecks.StillHealthyAsync(gateway, managedBefore);
    }
}
