using System.Globalization;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Http;

namespace FlowGrain.Gateway.Console.Flows;

/// <summary>
/// One row of the flow table: a key's numbers in one window (live) or over a range (history), with the values the
/// columns show. Rows are equal when they have the same key, so a row updated in place keeps its expanded details.
/// </summary>
public sealed class FlowRow(AggregatedFlow flow, bool provisional) : IEquatable<FlowRow>
{
    public AggregatedFlow Flow { get; } = flow;

    /// <summary>Whether the row's window still fills, so its numbers may still grow.</summary>
    public bool Provisional { get; } = provisional;

    public FlowRowKey Key => new(Flow.Key.Id, Flow.Start);

    public DateTime StartTime => DateTimeOffset.FromUnixTimeSeconds(Flow.Start).UtcDateTime;

    public DateTime EndTime => DateTimeOffset.FromUnixTimeSeconds(Flow.End).UtcDateTime;

    public string Action => WhiskerNames.Of(Flow.Key.Action);

    public string SourceNamespace => NamespaceOf(Flow.Key.SourceNamespace);

    public string SourceName => NameOf(Flow.Key.SourceName);

    public string SourceType => WhiskerNames.Of(Flow.Key.SourceType);

    public string DestNamespace => NamespaceOf(Flow.Key.DestNamespace);

    public string DestName => NameOf(Flow.Key.DestName);

    public string DestType => WhiskerNames.Of(Flow.Key.DestType);

    public string Protocol => Flow.Key.Proto;

    public long DestPort => Flow.Key.DestPort;

    public string Reporter => WhiskerNames.Of(Flow.Key.Reporter);

    public long Bytes => Flow.Counters.Bytes;

    public long Packets => Flow.Counters.Packets;

    public long Connections => Flow.Counters.ConnectionsStarted;

    /// <summary>The destination service as "namespace/name:port", empty when the flow went to no service.</summary>
    public string Service => Flow.Key.DestServiceName.Length == 0
        ? ""
        : $"{Flow.Key.DestServiceNamespace}/{Flow.Key.DestServiceName}:{(Flow.Key.DestServicePortName.Length > 0 ? Flow.Key.DestServicePortName : Flow.Key.DestServicePort.ToString(CultureInfo.InvariantCulture))}";

    public static string NamespaceOf(string ns) => DisplayNames.ForNamespace(ns) ?? ns;

    public static string NameOf(string name) => DisplayNames.ForName(name) ?? name;

    public bool Equals(FlowRow? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => Equals(obj as FlowRow);

    public override int GetHashCode() => Key.GetHashCode();
}
