using System.Collections.Immutable;

namespace FlowGrain.Grains.Storage;

/// <summary>
/// Where owners keep their windows, as opaque encoded blocks: per window, the closed block (written once, when it
/// closes), its dedup claims (kept only while a node may still replay), and the deltas checkpointed while it filled
/// or amended after it closed. One owner writes at a time (its grain); a checkpoint is applied atomically.
/// </summary>
public interface IWindowStore
{
    /// <summary>Whether what is written survives this process; if not, a write makes nothing more durable than memory.</summary>
    bool OutlivesProcess { get; }

    /// <summary>Everything kept for an owner, to rebuild its windows on activation.</summary>
    Task<StoredOwner> LoadAsync(string owner);

    /// <summary>Applies one checkpoint: all of it or, if it throws, possibly none of it.</summary>
    Task WriteAsync(string owner, WindowCheckpoint checkpoint);

    /// <summary>Every owner that has stored windows.</summary>
    Task<ImmutableArray<string>> OwnersAsync();
}

/// <summary>What an owner stored: its node numbering, its fine windows and its roll-ups.</summary>
public sealed record StoredOwner(ImmutableDictionary<string, int> Nodes, ImmutableArray<StoredWindow> Windows, ImmutableArray<StoredWindow> Rollups = default)
{
    public static readonly StoredOwner Empty = new(ImmutableDictionary<string, int>.Empty, [], []);

    /// <summary>The roll-ups (none when the store had none).</summary>
    public ImmutableArray<StoredWindow> Rollups { get; init; } = Rollups.IsDefault ? [] : Rollups;
}

/// <summary>One window's blocks: <see cref="Closed"/> is null while it was still filling.</summary>
public sealed record StoredWindow(long Start, byte[]? Closed, byte[]? Claims, ImmutableArray<byte[]> Deltas);

/// <summary>
/// What changed in an owner's windows since its last checkpoint; <see cref="Id"/> is unique per activation and
/// checkpoint. Roll-ups are kept apart from fine windows (a roll-up and a fine window may start at the same time):
/// made whole, amended by deltas, expired.
/// </summary>
public sealed record WindowCheckpoint(
    string Id,
    ImmutableArray<KeyValuePair<string, int>> NewNodes,
    ImmutableArray<WindowDelta> Deltas,
    ImmutableArray<ClosedWindowBlock> Closed,
    ImmutableArray<long> Expired,
    bool OwnerEmpty,
    ImmutableArray<ClosedWindowBlock> RollupsMade = default,
    ImmutableArray<WindowDelta> RollupDeltas = default,
    ImmutableArray<long> RollupsExpired = default)
{
    public ImmutableArray<ClosedWindowBlock> RollupsMade { get; init; } = RollupsMade.IsDefault ? [] : RollupsMade;

    public ImmutableArray<WindowDelta> RollupDeltas { get; init; } = RollupDeltas.IsDefault ? [] : RollupDeltas;

    public ImmutableArray<long> RollupsExpired { get; init; } = RollupsExpired.IsDefault ? [] : RollupsExpired;

    /// <summary>Bytes of the blocks it writes (fine windows and roll-ups: deltas, final blocks, claims).</summary>
    public long BlockBytes => Bytes(Deltas, Closed) + Bytes(RollupDeltas, RollupsMade);

    public bool IsEmpty => NewNodes.IsEmpty && Deltas.IsEmpty && Closed.IsEmpty && Expired.IsEmpty && !OwnerEmpty
                           && RollupsMade.IsEmpty && RollupDeltas.IsEmpty && RollupsExpired.IsEmpty;

    private static long Bytes(ImmutableArray<WindowDelta> deltas, ImmutableArray<ClosedWindowBlock> closed) =>
        deltas.Sum(d => (long)d.Block.Length) + closed.Sum(c => (long)c.Flows.Length + c.Claims.Length);
}

/// <summary>A delta appended to a window: counters added and claims made since the last checkpoint.</summary>
public sealed record WindowDelta(long Start, byte[] Block);

/// <summary>
/// A window that closed: its final block replaces its deltas; its claims are kept for <see cref="ClaimsLifetime"/>
/// (until no node can replay into it any more).
/// </summary>
public sealed record ClosedWindowBlock(long Start, byte[] Flows, byte[] Claims, TimeSpan ClaimsLifetime);
