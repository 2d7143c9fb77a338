using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Gateway.Console.Traffic;

/// <summary>
/// Bytes that really crossed the network in a set of rows. Both ends of a connection report it when both run Felix,
/// with about the same numbers (and perhaps different verdicts), so each conversation counts once: the larger of what
/// its sources and its destinations reported. A conversation only one end reported counts that end's numbers.
/// </summary>
public static class ByteVolume
{
    public static long Of(IEnumerable<AggregatedFlow> rows) => rows
        .GroupBy(Conversation.Of)
        .Sum(conversation =>
        {
            long bySource = 0, byDest = 0;
            foreach (var row in conversation)
            {
                if (row.Key.Reporter == Reporter.Src) bySource += row.Counters.Bytes;
                else byDest += row.Counters.Bytes;
            }

            return Math.Max(bySource, byDest);
        });
}
