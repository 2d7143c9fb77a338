using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Collector;

/// <summary>Bad input on a collector stream is refused per flow and counted; the stream stays up and the flows around it are kept.</summary>
public sealed class CollectorValidationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Gateway => fixture.Gateway;

    public static TheoryData<string, string> BadFlows => new()
    {
        { "no flow", "missing_flow" },
        { "no key", "missing_key" },
        { "negative bytes", "negative_counter" },
        { "negative live connections", "negative_counter" },
        { "undefined source type", "unknown_enum" },
        { "undefined dest type", "unknown_enum" },
        { "undefined reporter", "unknown_enum" },
        { "undefined action", "unknown_enum" },
        { "undefined policy kind", "unknown_enum" },
        { "unspecified reporter", "missing_reporter" },
        { "unspecified action", "missing_action" },
        { "name over 512 characters", "text_too_long" },
        { "label over 1024 characters", "text_too_long" },
        { "more than 256 labels", "too_many_labels" },
        { "more than 128 policy hits", "too_many_policy_hits" },
        { "trigger nested three deep", "trigger_too_deep" },
        { "port above 65535", "invalid_port" },
        { "start time zero", "invalid_time" },
        { "start time days ahead", "invalid_time" },
        { "end before start", "invalid_time" },
    };

    [Theory]
    [MemberData(nameof(BadFlows))]
    public async Task A_bad_flow_is_rejected_alone_counted_by_reason_and_the_stream_goes_on(string bad, string reason)
    {
        var ns = Names.Unique("valid");
        var start = Gateway.Now - 20;
        using var rejected = Collector("flowgrain_flows_rejected");

        var receipts = await NodeClient.ReportAsync(Gateway, "node-1",
            Update(ns, "before-*", ns, "b", start), Make(bad, ns, start), Update(ns, "after-*", ns, "b", start));
        await Gateway.DrainAsync();

        Assert.Equal(3, receipts);
        Assert.Equal(["after-*", "before-*"], await SourcesAsync(ns));
        var measurement = Assert.Single(rejected.GetMeasurementSnapshot());
        Assert.Equal(reason, measurement.Tags["reason"]);
    }

    [Fact]
    public async Task Garbage_bytes_are_rejected_as_malformed_and_the_stream_goes_on()
    {
        var ns = Names.Unique("garbage");
        var start = Gateway.Now - 20;
        using var rejected = Collector("flowgrain_flows_rejected");
        using var call = RawCalls.Connect(Gateway.Channel, "node-raw");

        foreach (var message in new[] { Update(ns, "before-*", ns, "b", start).ToByteArray(), [0x0A, 0xFF, 0xFF, 0x01, 0x02], Update(ns, "after-*", ns, "b", start).ToByteArray() })
        {
            await call.RequestStream.WriteAsync(message);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        }

        await call.RequestStream.CompleteAsync();
        await Gateway.DrainAsync();

        Assert.Equal(["after-*", "before-*"], await SourcesAsync(ns));
        Assert.Equal("malformed", Assert.Single(rejected.GetMeasurementSnapshot()).Tags["reason"]);
    }

    [Fact]
    public async Task A_flow_older_than_the_retention_is_dropped_as_out_of_range_and_counted()
    {
        var ns = Names.Unique("old");
        using var dropped = Collector("flowgrain_flows_dropped");

        await NodeClient.ReportAsync(Gateway, "node-1", Update(ns, "ancient-*", ns, "b", Gateway.Now - 7200), Update(ns, "recent-*", ns, "b", Gateway.Now - 20));
        await Gateway.DrainAsync();

        Assert.Equal(["recent-*"], await SourcesAsync(ns));
        Assert.Equal(DropReasons.OutOfRange, Assert.Single(dropped.GetMeasurementSnapshot()).Tags["reason"]);
    }

    [Fact]
    public async Task A_trigger_nested_two_deep_is_the_deepest_accepted()
    {
        var ns = Names.Unique("trigger");
        var update = Update(ns, "nested-*", ns, "b", Gateway.Now - 20, action: FlowGrain.Protocol.Action.Deny, enforced: [TriggerChain(ns, depth: 2)]);
        using var rejected = Collector("flowgrain_flows_rejected");

        await NodeClient.ReportAsync(Gateway, "node-1", update);
        await Gateway.DrainAsync();

        Assert.Equal(["nested-*"], await SourcesAsync(ns));
        Assert.Equal(0, rejected.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    /// <summary>An EndOfTier hit whose trigger names a trigger, <paramref name="depth"/> triggers in all.</summary>
    private static PolicyHit TriggerChain(string ns, int depth)
    {
        var hit = Hit(PolicyKind.NetworkPolicy, ns, "deny-0", "default", FlowGrain.Protocol.Action.Deny);
        for (var level = 1; level <= depth; level++)
        {
            hit = Hit(level == depth ? PolicyKind.EndOfTier : PolicyKind.NetworkPolicy, ns, $"deny-{level}", "default", FlowGrain.Protocol.Action.Deny, trigger: hit);
        }

        return hit;
    }

    private MetricCollector<long> Collector(string instrument) =>
        new(Gateway.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GatewayMetrics.MeterName, instrument);

    private async Task<string[]> SourcesAsync(string ns)
    {
        var result = await new Flows.FlowsClient(Gateway.Channel).ListAsync(new FlowListRequest
        {
            Filter = new Filter { SourceNamespaces = { Exact(ns) } },
            SortBy = { new SortOption { SortBy = SortBy.SourceName } },
        });
        return [.. result.Flows.Select(f => f.Flow.Key.SourceName)];
    }

    private FlowUpdate Make(string bad, string ns, long start)
    {
        var update = Update(ns, "bad-*", ns, "b", start);
        var flow = update.Flow;
        switch (bad)
        {
            case "no flow": return new FlowUpdate();
            case "no key": flow.Key = null; break;
            case "negative bytes": flow.BytesIn = -1; break;
            case "negative live connections": flow.NumConnectionsLive = -3; break;
            case "undefined source type": flow.Key.SourceType = (EndpointType)9; break;
            case "undefined dest type": flow.Key.DestType = (EndpointType)5; break;
            case "undefined reporter": flow.Key.Reporter = (Reporter)3; break;
            case "undefined action": flow.Key.Action = (FlowGrain.Protocol.Action)7; break;
            case "undefined policy kind": flow.Key.Policies.EnforcedPolicies.Add(Hit((PolicyKind)77, ns, "p", "t", FlowGrain.Protocol.Action.Allow)); break;
            case "unspecified reporter": flow.Key.Reporter = Reporter.Unspecified; break;
            case "unspecified action": flow.Key.Action = FlowGrain.Protocol.Action.Unspecified; break;
            case "name over 512 characters": flow.Key.DestName = new string('n', 513); break;
            case "label over 1024 characters": flow.SourceLabels.Add("k=" + new string('v', 1023)); break;
            case "more than 256 labels": flow.DestLabels.Add(Enumerable.Range(0, 257).Select(i => $"l{i}=v")); break;
            case "more than 128 policy hits":
                flow.Key.Policies.PendingPolicies.Add(Enumerable.Range(0, 129).Select(i => Hit(PolicyKind.NetworkPolicy, ns, $"p{i}", "t", FlowGrain.Protocol.Action.Allow, index: i)));
                break;
            case "trigger nested three deep": flow.Key.Policies.EnforcedPolicies.Add(TriggerChain(ns, depth: 3)); break;
            case "port above 65535": flow.Key.DestPort = 70000; break;
            case "start time zero": flow.StartTime = flow.EndTime = 0; break;
            case "start time days ahead": flow.StartTime = flow.EndTime = Gateway.Now + (3 * 86400); break;
            case "end before start": flow.EndTime = flow.StartTime - 1; break;
            default: throw new ArgumentOutOfRangeException(nameof(bad), bad, "no such case");
        }

        return update;
    }
}
