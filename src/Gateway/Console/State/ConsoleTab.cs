namespace FlowGrain.Gateway.Console.State;

/// <summary>The console's views of the same filter and range.</summary>
public enum ConsoleTab
{
    Flows,
    Charts,
    Map,
}
