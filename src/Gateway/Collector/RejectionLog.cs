using System.Collections.Concurrent;

namespace FlowGrain.Gateway.Collector;

/// <summary>Logs rejected flows at most once per reason every 10 seconds, with how many were not logged in between.</summary>
public sealed partial class RejectionLog(ILogger<RejectionLog> logger, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Slot> _slots = new();

    public void Rejected(string node, string reason, string detail)
    {
        var slot = _slots.GetOrAdd(reason, _ => new Slot());
        var now = time.GetUtcNow();
        long suppressed;
        lock (slot)
        {
            if (now - slot.LastLogged < Interval)
            {
                slot.Suppressed++;
                return;
            }

            suppressed = slot.Suppressed;
            slot.Suppressed = 0;
            slot.LastLogged = now;
        }

        LogRejected(logger, reason, node, detail, suppressed);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Rejected a flow ({Reason}) from {Node}: {Detail} ({Suppressed} more of this reason not logged since the last message)")]
    private static partial void LogRejected(ILogger logger, string reason, string node, string detail, long suppressed);

    private sealed class Slot
    {
        public DateTimeOffset LastLogged { get; set; } = DateTimeOffset.MinValue;

        public long Suppressed { get; set; }
    }
}
