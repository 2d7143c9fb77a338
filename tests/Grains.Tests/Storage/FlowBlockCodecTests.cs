using System.IO;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Grains.Aggregation;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Storage;

/// <summary>A block reads back exactly as written: keys (with their ids), labels, policy traces with triggers, counters, claims.</summary>
public sealed class FlowBlockCodecTests
{
    [Fact]
    public void Random_blocks_read_back_equal_keys_ids_labels_counters_and_claims()
    {
        var random = new Random(20261202);
        for (var round = 0; round < 200; round++)
        {
            var flows = Enumerable.Range(0, random.Next(0, 40)).Select(_ => RandomFlow(random)).DistinctBy(f => f.Key).ToList();
            var claims = Enumerable.Range(0, random.Next(0, 60))
                .Select(_ => new DedupClaim(random.Next(0, 5000), random.Next(-30, 30), random.NextInt64(long.MinValue, long.MaxValue)))
                .Distinct()
                .ToList();

            var block = FlowBlockCodec.Decode(FlowBlockCodec.Encode(flows, claims), T0, T0 + Width);

            Assert.Equal(flows, block.Flows);
            Assert.Equal(flows.Select(f => f.Key.Id), block.Flows.Select(f => f.Key.Id));
            Assert.Equal(claims.ToHashSet(), block.Claims.ToHashSet());
            Assert.Equal(claims.Count, block.Claims.Length);
        }
    }

    [Fact]
    public void Each_string_is_written_once_per_block_so_repeated_names_cost_an_index()
    {
        var labels = Labels("app=checkout", "team=payments", "tier=backend", "version=v1.2.3");
        var flows = Enumerable.Range(0, 1000)
            .Select(i => Flow(Key(source: "checkout-7f9c8d6b5-*", dest: "payments-api-5d4c3b2a1-*", port: 8000 + (i % 100), destNs: $"ns-{i / 100}"),
                T0, Counters(packetsIn: i, bytesIn: i * 1500), labels, labels))
            .ToList();

        var bytes = FlowBlockCodec.Encode(flows, []);

        Assert.True(bytes.Length < flows.Count * 30, $"{bytes.Length} bytes for {flows.Count} flows");
    }

    [Fact]
    public void An_empty_block_reads_back_empty()
    {
        var block = FlowBlockCodec.Decode(FlowBlockCodec.Encode([], []), T0, T0 + Width);
        Assert.Empty(block.Flows);
        Assert.Empty(block.Claims);
    }

    [Fact]
    public void A_truncated_block_an_unknown_version_and_trailing_bytes_are_refused_with_a_clear_error()
    {
        var bytes = FlowBlockCodec.Encode([Flow(Key(), T0, Counters(bytesIn: 5))], [new DedupClaim(1, 0, 42)]);

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<InvalidDataException>(() => FlowBlockCodec.Decode(bytes.AsSpan(0, length), T0, T0 + Width));
            Assert.Contains("flow block", error.Message, StringComparison.Ordinal);
        }

        var future = (byte[])bytes.Clone();
        future[0] = 99;
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => FlowBlockCodec.Decode(future, T0, T0 + Width)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => FlowBlockCodec.Decode([.. bytes, 0], T0, T0 + Width));
    }

    private static AggregatedFlow RandomFlow(Random random)
    {
        string Name() => random.Next(4) == 0 ? "" : $"w{random.Next(50)}-é✓-*";
        long Number() => random.Next(5) switch
        {
            0 => 0,
            1 => long.MaxValue,
            2 => random.NextInt64(),
            3 => -random.Next(1000),
            _ => random.Next(100_000),
        };

        var trigger = Hit($"p{random.Next(10)}", tier: $"t{random.Next(3)}", policyIndex: random.Next(5));
        var hits = new List<PolicyHit>();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            hits.Add(random.Next(3) == 0 ? EndOfTier(trigger) : Hit($"p{random.Next(10)}", kind: (PolicyKind)random.Next(1, 12), ruleIndex: random.Next(-1, 5)));
        }

        var pending = random.Next(3) == 0 ? [Hit("staged", kind: PolicyKind.StagedNetworkPolicy, action: FlowAction.Deny)] : Array.Empty<PolicyHit>();
        var key = Key(
            source: Name(), sourceNs: Name(), sourceType: (EndpointType)random.Next(5), dest: Name(), destNs: Name(),
            destType: (EndpointType)random.Next(5), port: Number(), proto: random.Next(2) == 0 ? "tcp" : "udp",
            reporter: (Reporter)random.Next(3), action: (FlowAction)random.Next(4), service: Name(), serviceNs: Name(),
            servicePortName: Name(), servicePort: Number(), policies: PolicyTrace.Canonical(hits, pending));
        var labels = Labels([.. Enumerable.Range(0, random.Next(0, 6)).Select(i => $"k{i}=v{random.Next(4)}")]);
        return Flow(key, T0, Counters(Number(), Number(), Number(), Number(), Number(), Number(), Number()), labels, random.Next(2) == 0 ? labels : LabelSet.Empty);
    }
}
