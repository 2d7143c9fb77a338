using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Gateway.Console.Traffic;

/// <summary>Who talked to whom on which port, whichever end reported it and whatever policy decided.</summary>
public readonly record struct Conversation(string SourceNamespace, string SourceName, string DestNamespace, string DestName, long DestPort, string Proto)
{
    public static Conversation Of(AggregatedFlow row) =>
        new(row.Key.SourceNamespace, row.Key.SourceName, row.Key.DestNamespace, row.Key.DestName, row.Key.DestPort, row.Key.Proto);
}
