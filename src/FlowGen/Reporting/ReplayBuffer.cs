using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Reporting;

/// <summary>What a node sent in the last few minutes; Felix replays all of it on every reconnect.</summary>
internal sealed class ReplayBuffer(TimeSpan window, TimeProvider time)
{
    private readonly Queue<(DateTimeOffset SentAt, FlowUpdate Update)> _sent = new();

    public void Add(FlowUpdate update) => _sent.Enqueue((time.GetUtcNow(), update));

    /// <summary>Everything sent within the window, oldest first; older entries are forgotten.</summary>
    public IReadOnlyList<FlowUpdate> Snapshot()
    {
        var cutoff = time.GetUtcNow() - window;
        while (_sent.Count > 0 && _sent.Peek().SentAt < cutoff) _sent.Dequeue();
        return [.. _sent.Select(entry => entry.Update)];
    }
}
