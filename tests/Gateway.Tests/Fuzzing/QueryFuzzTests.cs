using CsCheck;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Gateway.Tests.Limits;
using FlowGrain.Protocol;
using FlowGrain.Tests.Support.Fuzzing;
using Grpc.Core;
using Xunit.Abstractions;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Fuzzing;

/// <summary>
/// Random and mutated request bytes at Flows.List, Flows.FilterHints, Flows.Stream and Statistics.List: each is
/// answered (or refused as the client's mistake) in time, and the data reported before is still answered exactly.
/// </summary>
[Collection(FuzzRuns.Name)]
public sealed class QueryFuzzTests(ITestOutputHelper output)
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private enum Door { List, FilterHints, Stream, Statistics }

    [Fact]
    public async Task Hostile_query_requests_are_answered_or_refused_as_the_clients_mistake_and_the_data_stays_exact()
    {
        await using var gateway = await LimitedGateway.StartAsync(LimitedGateway.Unthrottled);
        var ns = Names.Unique("fuzzdata");
        var start = gateway.Now - 20;
        const int Seeded = 40;
        Assert.Equal(Seeded, await NodeClient.ReportAsync(gateway, "node-1",
            [.. Enumerable.Range(0, Seeded).Select(i => Update(ns, $"src-{i}", "mutant", "api-*", start, action: i % 3 == 0 ? Protocol.Action.Deny : Protocol.Action.Allow))]));
        await gateway.DrainAsync();

        var invoker = gateway.Channel.CreateCallInvoker();
        var requests = Gen.Frequency(
            (1, Mutations.Of(Templates.ListRequests()).Select(bytes => (Door.List, bytes))),
            (1, Mutations.Of(Templates.HintsRequests()).Select(bytes => (Door.FilterHints, bytes))),
            (1, Mutations.Of(Templates.StreamRequests()).Select(bytes => (Door.Stream, bytes))),
            (1, Mutations.Of(Templates.StatisticsRequests()).Select(bytes => (Door.Statistics, bytes))));
        var answered = new int[4];
        var spent = new TimeSpan[4];
        var managedBefore = FuzzChecks.ManagedBytes();
        await requests.SampleAsync(async request =>
        {
            var (door, bytes) = request;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await CallAsync(invoker, door, bytes);
                answered[(int)door]++;
            }
            catch (RpcException ex)
            {
                FuzzChecks.NotAServerFault(ex, bytes);
                // A unary call or a finite stream past its deadline is a hang; a live stream is expected to stay open.
                Assert.False(ex.StatusCode == StatusCode.DeadlineExceeded && door != Door.Stream,
                    $"{door} did not answer within {FuzzBudget.CallDeadline} for {Convert.ToHexString(bytes)}");
            }
            finally
            {
                spent[(int)door] += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            }
        }, writeLine: output.WriteLine, time: FuzzBudget.Seconds, threads: 1);

        output.WriteLine($"answered OK: List {answered[0]}, FilterHints {answered[1]}, Stream {answered[2]}, Statistics {answered[3]}; " +
            $"seconds spent: {string.Join(", ", spent.Select(s => s.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}");
        var seeded = await new Flows.FlowsClient(gateway.Channel).ListAsync(new FlowListRequest { Filter = new Filter { SourceNamespaces = { Exact(ns) } } });
        Assert.Equal(Seeded, seeded.Meta.TotalResults);
        Assert.Equal(Seeded / 3 + 1, seeded.Flows.Count(f => f.Flow.Key.Action == Protocol.Action.Deny));
        await FuzzChecks.StillHealthyAsync(gateway, managedBefore);
    }

    private static async Task CallAsync(CallInvoker invoker, Door door, byte[] request)
    {
        var deadline = DateTime.UtcNow + FuzzBudget.CallDeadline;
        switch (door)
        {
            case Door.List:
                await invoker.AsyncUnaryCall(Unary("goldmane.Flows", "List"), null, new CallOptions(deadline: deadline), request);
                break;
            case Door.FilterHints:
                await invoker.AsyncUnaryCall(Unary("goldmane.Flows", "FilterHints"), null, new CallOptions(deadline: deadline), request);
                break;
            case Door.Statistics:
                using (var statistics = invoker.AsyncServerStreamingCall(Streaming("goldmane.Statistics", "List"), null, new CallOptions(deadline: deadline), request))
                {
                    while (await statistics.ResponseStream.MoveNext(CancellationToken.None))
                    {
                    }
                }

                break;
            case Door.Stream:
                // A valid stream stays open for live rows: read what its backfill sends for a moment, then leave.
                using (var stream = invoker.AsyncServerStreamingCall(Streaming("goldmane.Flows", "Stream"), null,
                           new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300)), request))
                {
                    while (await stream.ResponseStream.MoveNext(CancellationToken.None))
                    {
                    }
                }

                break;
        }
    }

    private static Method<byte[], byte[]> Unary(string service, string name) => new(MethodType.Unary, service, name, Bytes, Bytes);

    private static Method<byte[], byte[]> Streaming(string service, string name) => new(MethodType.ServerStreaming, service, name, Bytes, Bytes);
}
