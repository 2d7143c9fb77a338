using System.Runtime.CompilerServices;
using System.Text;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Gateway.Http;

/// <summary>
/// The Server-Sent Events of a row as UTF-8, made once per row and shared by every watch stream that sends it: a
/// thousand viewers of one window cost one JSON serialisation per row, not a thousand. Rows come from the gateway's
/// shared window log and live feed, so viewers hold the same instances; an entry goes when its row is collected.
/// </summary>
public static class FlowEvents
{
    private static readonly ConditionalWeakTable<AggregatedFlow, byte[]> ClosedEvents = [];
    private static readonly ConditionalWeakTable<AggregatedFlow, byte[]> ProvisionalEvents = [];

    /// <summary>A closed window's row, with its position as the event id (resumable).</summary>
    public static byte[] Closed(long window, AggregatedFlow row) =>
        ClosedEvents.GetValue(row, r => Encoding.UTF8.GetBytes($"id: {new EventPosition(window, r.Key.Id).Id}\ndata: {WhiskerFlowJson.ToJson(r)}\n\n"));

    /// <summary>A row of a window still filling: its numbers so far, as a "provisional" event without an id (not resumable).</summary>
    public static byte[] Provisional(AggregatedFlow row) =>
        ProvisionalEvents.GetValue(row, r => Encoding.UTF8.GetBytes($"event: provisional\ndata: {WhiskerFlowJson.ToJson(r)}\n\n"));
}
