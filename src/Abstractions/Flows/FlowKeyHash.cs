using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace FlowGrain.Abstractions.Flows;

/// <summary>Hashes a flow key's canonical form with XxHash64, so the id is stable across processes and versions.</summary>
internal static class FlowKeyHash
{
    public static long Compute(FlowKey key)
    {
        var hash = new XxHash64();
        Add(hash, key.SourceName);
        Add(hash, key.SourceNamespace);
        Add(hash, (long)key.SourceType);
        Add(hash, key.DestName);
        Add(hash, key.DestNamespace);
        Add(hash, (long)key.DestType);
        Add(hash, key.DestPort);
        Add(hash, key.DestServiceName);
        Add(hash, key.DestServiceNamespace);
        Add(hash, key.DestServicePortName);
        Add(hash, key.DestServicePort);
        Add(hash, key.Proto);
        Add(hash, (long)key.Reporter);
        Add(hash, (long)key.Action);
        AddHits(hash, key.Policies.Enforced);
        AddHits(hash, key.Policies.Pending);
        var id = (long)(hash.GetCurrentHashAsUInt64() & long.MaxValue);
        return id == 0 ? 1 : id; // 0 marks "not computed yet".
    }

    private static void AddHits(XxHash64 hash, IReadOnlyList<PolicyHit> hits)
    {
        Add(hash, hits.Count);
        foreach (var hit in hits)
        {
            AddHit(hash, hit);
        }
    }

    private static void AddHit(XxHash64 hash, PolicyHit? hit)
    {
        if (hit is null)
        {
            Add(hash, -1);
            return;
        }

        Add(hash, (long)hit.Kind);
        Add(hash, hit.Namespace);
        Add(hash, hit.Name);
        Add(hash, hit.Tier);
        Add(hash, (long)hit.Action);
        Add(hash, hit.PolicyIndex);
        Add(hash, hit.RuleIndex);
        AddHit(hash, hit.Trigger);
    }

    private static void Add(XxHash64 hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        hash.Append(bytes);
    }

    private static void Add(XxHash64 hash, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Add(hash, length);
        if (length <= 256)
        {
            Span<byte> bytes = stackalloc byte[length];
            Encoding.UTF8.GetBytes(value, bytes);
            hash.Append(bytes);
        }
        else
        {
            hash.Append(Encoding.UTF8.GetBytes(value));
        }
    }
}
