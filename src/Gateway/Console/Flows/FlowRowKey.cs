namespace FlowGrain.Gateway.Console.Flows;

/// <summary>Identifies a table row: a flow key's id and the start of the window (or range) its numbers cover.</summary>
public readonly record struct FlowRowKey(long FlowId, long Start);
