using System.Collections;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// A closed window's dedup claims: those it closed with in one sorted array (16 bytes a claim, found by binary
/// search; a hash set takes about 40), and the few that late reports add in a small set beside it.
/// </summary>
internal sealed class ClaimSet : IReadOnlyCollection<DedupClaim>
{
    private static readonly Comparer<DedupClaim> Order = Comparer<DedupClaim>.Create(static (a, b) =>
    {
        var byKey = a.KeyId.CompareTo(b.KeyId);
        if (byKey != 0) return byKey;
        var byNode = a.Node.CompareTo(b.Node);
        return byNode != 0 ? byNode : a.StartOffset.CompareTo(b.StartOffset);
    });

    private readonly DedupClaim[] _frozen;
    private HashSet<DedupClaim>? _added;

    public ClaimSet(IEnumerable<DedupClaim> claims)
    {
        _frozen = [.. claims.Distinct()];
        Array.Sort(_frozen, Order);
    }

    public int Count => _frozen.Length + (_added?.Count ?? 0);

    /// <summary>Adds a claim; false when it was already there (a replay).</summary>
    public bool Add(DedupClaim claim) =>
        Array.BinarySearch(_frozen, claim, Order) < 0 && (_added ??= []).Add(claim);

    public IEnumerator<DedupClaim> GetEnumerator() =>
        (_added is null ? _frozen : _frozen.Concat(_added)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
