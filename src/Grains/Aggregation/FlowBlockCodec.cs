using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// The storage form of a block of flows and claims. Self-contained and compact: each distinct string, label set,
/// policy hit and policy trace is written once per block and referred to by index; numbers are varints; claims are
/// grouped by key so a key id is written once. Layout (version 1): version byte, strings, label sets, policy hits,
/// traces, flows, claims. Window bounds are not stored: the reader knows which window it reads.
/// </summary>
internal static class FlowBlockCodec
{
    public const byte Version = 1;

    public static byte[] Encode(IReadOnlyCollection<AggregatedFlow> flows, IReadOnlyCollection<DedupClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(claims);
        var tables = new Tables();
        foreach (var flow in flows) tables.Add(flow);

        var output = new ArrayBufferWriter<byte>(64 + (flows.Count * 24) + (claims.Count * 4));
        var writer = new Writer(output);
        writer.Byte(Version);
        tables.Write(ref writer);

        writer.Count(flows.Count);
        foreach (var flow in flows)
        {
            var key = flow.Key;
            writer.Count(tables.String(key.SourceName));
            writer.Count(tables.String(key.SourceNamespace));
            writer.Count((int)key.SourceType);
            writer.Count(tables.String(key.DestName));
            writer.Count(tables.String(key.DestNamespace));
            writer.Count((int)key.DestType);
            writer.Signed(key.DestPort);
            writer.Count(tables.String(key.DestServiceName));
            writer.Count(tables.String(key.DestServiceNamespace));
            writer.Count(tables.String(key.DestServicePortName));
            writer.Signed(key.DestServicePort);
            writer.Count(tables.String(key.Proto));
            writer.Count((int)key.Reporter);
            writer.Count((int)key.Action);
            writer.Count(tables.Trace(key.Policies));
            writer.Count(tables.Labels(flow.SourceLabels));
            writer.Count(tables.Labels(flow.DestLabels));
            var c = flow.Counters;
            writer.Signed(c.PacketsIn);
            writer.Signed(c.PacketsOut);
            writer.Signed(c.BytesIn);
            writer.Signed(c.BytesOut);
            writer.Signed(c.ConnectionsStarted);
            writer.Signed(c.ConnectionsCompleted);
            writer.Signed(c.ConnectionsLive);
        }

        var byKey = claims.GroupBy(claim => claim.KeyId).ToList();
        writer.Count(byKey.Count);
        foreach (var group in byKey)
        {
            writer.Fixed(group.Key);
            writer.Count(group.Count());
            foreach (var claim in group)
            {
                writer.Count(claim.Node);
                writer.Signed(claim.StartOffset);
            }
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads a block written by <see cref="Encode"/>; flows get the bounds of the window they belong to.</summary>
    public static FlowBlock Decode(ReadOnlySpan<byte> bytes, long windowStart, long windowEnd)
    {
        var reader = new Reader(bytes);
        var version = reader.Byte();
        if (version != Version) throw new InvalidDataException($"Unknown flow block version {version}; this build reads version {Version}.");

        var strings = new string[reader.Count()];
        for (var i = 0; i < strings.Length; i++) strings[i] = reader.String();

        var labelSets = new LabelSet[reader.Count()];
        for (var i = 0; i < labelSets.Length; i++)
        {
            var labels = new string[reader.Count()];
            for (var j = 0; j < labels.Length; j++) labels[j] = Pick(strings, reader.Count(), "label");
            labelSets[i] = LabelSet.Of(labels);
        }

        var hits = new PolicyHit[reader.Count()];
        for (var i = 0; i < hits.Length; i++)
        {
            var kind = (PolicyKind)reader.Count();
            var ns = Pick(strings, reader.Count(), "string");
            var name = Pick(strings, reader.Count(), "string");
            var tier = Pick(strings, reader.Count(), "string");
            var action = (FlowAction)reader.Count();
            var policyIndex = reader.Signed();
            var ruleIndex = reader.Signed();
            var trigger = reader.Count(); // 0: none, else index + 1 of an earlier hit
            hits[i] = new PolicyHit(kind, ns, name, tier, action, policyIndex, ruleIndex, trigger == 0 ? null : Pick(hits, trigger - 1, "trigger", below: i));
        }

        var traces = new PolicyTrace[reader.Count()];
        for (var i = 0; i < traces.Length; i++)
        {
            var enforced = ReadHits(ref reader, hits);
            var pending = ReadHits(ref reader, hits);
            traces[i] = enforced.IsEmpty && pending.IsEmpty ? PolicyTrace.Empty : new PolicyTrace(enforced, pending);
        }

        var flows = ImmutableArray.CreateBuilder<AggregatedFlow>(reader.Count());
        for (var i = 0; i < flows.Capacity; i++)
        {
            var key = new FlowKey
            {
                SourceName = Pick(strings, reader.Count(), "string"),
                SourceNamespace = Pick(strings, reader.Count(), "string"),
                SourceType = (EndpointType)reader.Count(),
                DestName = Pick(strings, reader.Count(), "string"),
                DestNamespace = Pick(strings, reader.Count(), "string"),
                DestType = (EndpointType)reader.Count(),
                DestPort = reader.Signed(),
                DestServiceName = Pick(strings, reader.Count(), "string"),
                DestServiceNamespace = Pick(strings, reader.Count(), "string"),
                DestServicePortName = Pick(strings, reader.Count(), "string"),
                DestServicePort = reader.Signed(),
                Proto = Pick(strings, reader.Count(), "string"),
                Reporter = (Reporter)reader.Count(),
                Action = (FlowAction)reader.Count(),
                Policies = Pick(traces, reader.Count(), "trace"),
            };
            var sourceLabels = Pick(labelSets, reader.Count(), "label set");
            var destLabels = Pick(labelSets, reader.Count(), "label set");
            var counters = new FlowCounters(reader.Signed(), reader.Signed(), reader.Signed(), reader.Signed(), reader.Signed(), reader.Signed(), reader.Signed());
            flows.Add(new AggregatedFlow(key, windowStart, windowEnd, sourceLabels, destLabels, counters));
        }

        var claims = ImmutableArray.CreateBuilder<DedupClaim>();
        var keys = reader.Count();
        for (var k = 0; k < keys; k++)
        {
            var keyId = reader.Fixed();
            var count = reader.Count();
            for (var i = 0; i < count; i++) claims.Add(new DedupClaim(reader.Count(), (int)reader.Signed(), keyId));
        }

        if (!reader.AtEnd) throw new InvalidDataException("The flow block has bytes after its end.");
        return new FlowBlock(flows.MoveToImmutable(), claims.ToImmutable());
    }

    private static ImmutableArray<PolicyHit> ReadHits(ref Reader reader, PolicyHit[] hits)
    {
        var count = reader.Count();
        if (count == 0) return [];
        var result = ImmutableArray.CreateBuilder<PolicyHit>(count);
        for (var i = 0; i < count; i++) result.Add(Pick(hits, reader.Count(), "policy hit"));
        return result.MoveToImmutable();
    }

    private static T Pick<T>(T[] table, int index, string what, int? below = null) =>
        index >= 0 && index < (below ?? table.Length)
            ? table[index]
            : throw new InvalidDataException($"The flow block refers to {what} {index} of {below ?? table.Length}.");

    /// <summary>The block's dictionaries, filled by a first pass over the flows.</summary>
    private sealed class Tables
    {
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
        private readonly Dictionary<LabelSet, int> _labelSets = [];
        private readonly Dictionary<PolicyHit, int> _hits = [];
        private readonly Dictionary<PolicyTrace, int> _traces = [];

        public void Add(AggregatedFlow flow)
        {
            var key = flow.Key;
            foreach (var s in (string[])[key.SourceName, key.SourceNamespace, key.DestName, key.DestNamespace, key.DestServiceName,
                         key.DestServiceNamespace, key.DestServicePortName, key.Proto])
            {
                String(s);
            }

            Labels(flow.SourceLabels);
            Labels(flow.DestLabels);
            Trace(key.Policies);
        }

        public int String(string value) => IndexOf(_strings, value);

        public int Labels(LabelSet labels)
        {
            foreach (var label in labels.Labels) String(label);
            return IndexOf(_labelSets, labels);
        }

        public int Trace(PolicyTrace trace)
        {
            foreach (var hit in trace.All) Hit(hit);
            return IndexOf(_traces, trace);
        }

        public void Write(ref Writer writer)
        {
            writer.Count(_strings.Count);
            foreach (var s in _strings.Keys) writer.String(s);

            writer.Count(_labelSets.Count);
            foreach (var set in _labelSets.Keys)
            {
                writer.Count(set.Count);
                foreach (var label in set.Labels) writer.Count(_strings[label]);
            }

            writer.Count(_hits.Count);
            foreach (var hit in _hits.Keys)
            {
                writer.Count((int)hit.Kind);
                writer.Count(_strings[hit.Namespace]);
                writer.Count(_strings[hit.Name]);
                writer.Count(_strings[hit.Tier]);
                writer.Count((int)hit.Action);
                writer.Signed(hit.PolicyIndex);
                writer.Signed(hit.RuleIndex);
                writer.Count(hit.Trigger is null ? 0 : _hits[hit.Trigger] + 1);
            }

            writer.Count(_traces.Count);
            foreach (var trace in _traces.Keys)
            {
                writer.Count(trace.Enforced.Length);
                foreach (var hit in trace.Enforced) writer.Count(_hits[hit]);
                writer.Count(trace.Pending.Length);
                foreach (var hit in trace.Pending) writer.Count(_hits[hit]);
            }
        }

        /// <summary>Numbers a hit after its trigger, so a reader always meets the trigger first.</summary>
        private int Hit(PolicyHit hit)
        {
            if (_hits.TryGetValue(hit, out var index)) return index;
            String(hit.Namespace);
            String(hit.Name);
            String(hit.Tier);
            if (hit.Trigger is not null) Hit(hit.Trigger);
            return IndexOf(_hits, hit);
        }

        private static int IndexOf<T>(Dictionary<T, int> table, T value)
            where T : notnull
        {
            if (!table.TryGetValue(value, out var index)) table.Add(value, index = table.Count);
            return index;
        }
    }

    private readonly ref struct Writer(ArrayBufferWriter<byte> output)
    {
        public void Byte(byte value)
        {
            output.GetSpan(1)[0] = value;
            output.Advance(1);
        }

        public void Count(int value) => Unsigned((ulong)value);

        /// <summary>Zig-zag varint: small magnitudes take one byte whatever their sign.</summary>
        public void Signed(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63)));

        public void Fixed(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
            output.Advance(8);
        }

        public void String(string value)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            Count(length);
            Encoding.UTF8.GetBytes(value, output.GetSpan(length));
            output.Advance(length);
        }

        private void Unsigned(ulong value)
        {
            var span = output.GetSpan(10);
            var n = 0;
            while (value >= 0x80)
            {
                span[n++] = (byte)(value | 0x80);
                value >>= 7;
            }

            span[n++] = (byte)value;
            output.Advance(n);
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position == _bytes.Length;

        public byte Byte()
        {
            Need(1);
            return _bytes[_position++];
        }

        public int Count()
        {
            var value = Unsigned();
            return value <= int.MaxValue ? (int)value : throw new InvalidDataException($"The flow block holds a count of {value}.");
        }

        public long Signed()
        {
            var value = Unsigned();
            return (long)(value >> 1) ^ -(long)(value & 1);
        }

        public long Fixed()
        {
            Need(8);
            var value = BinaryPrimitives.ReadInt64LittleEndian(_bytes[_position..]);
            _position += 8;
            return value;
        }

        public string String()
        {
            var length = Count();
            Need(length);
            var value = Encoding.UTF8.GetString(_bytes.Slice(_position, length));
            _position += length;
            return value;
        }

        private ulong Unsigned()
        {
            ulong value = 0;
            for (var shift = 0; shift < 70; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }

            throw new InvalidDataException("The flow block holds a malformed number.");
        }

        private readonly void Need(int count)
        {
            if (count > _bytes.Length - _position)
            {
                throw new InvalidDataException($"The flow block ends early: {count} more bytes needed at offset {_position} of {_bytes.Length}.");
            }
        }
    }
}
