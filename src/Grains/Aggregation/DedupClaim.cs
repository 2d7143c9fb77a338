namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// "This node already delivered this key for this interval." Felix replays the last 5 minutes on every reconnect;
/// the claim makes a replay a no-op. Keyed by start time, not just window, so a node that flushes more often than
/// the window width still has every interval counted.
/// </summary>
internal readonly record struct DedupClaim(int Node, int StartOffset, long KeyId);
