using System.Text;

namespace FlowGrain.Abstractions.Shards;

/// <summary>
/// The grain key of an owner's shard: the namespace alone when the owner is not split, else "namespace/index". A
/// report goes to the shard its reporting node hashes to, so a node's dedup claims stay in one shard.
/// </summary>
public static class OwnerShard
{
    /// <summary>The grain key for the shard of <paramref name="node"/>'s reports into <paramref name="ns"/>, split <paramref name="shards"/> ways.</summary>
    public static string KeyOf(string ns, string node, int shards) =>
        shards <= 1 ? ns : $"{ns}/{Hash(node) % (ulong)shards}";

    /// <summary>The namespace of an owner grain's key (shards of one namespace share it).</summary>
    public static string NamespaceOf(string ownerKey)
    {
        // Namespaces never hold a slash (DNS labels), so the first one is the shard's.
        var slash = ownerKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ownerKey : ownerKey[..slash];
    }

    /// <summary>FNV-1a of the node's UTF-8 name: the same on every gateway and in every version, unlike string hash codes.</summary>
    private static ulong Hash(string node)
    {
        // Node names are DNS names (at most 253 characters): their bytes fit on the stack, with no allocation per report.
        var max = Encoding.UTF8.GetMaxByteCount(node.Length);
        Span<byte> bytes = max <= 1024 ? stackalloc byte[max] : new byte[max];
        bytes = bytes[..Encoding.UTF8.GetBytes(node, bytes)];
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}
