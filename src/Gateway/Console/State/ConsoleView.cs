namespace FlowGrain.Gateway.Console.State;

/// <summary>Whether the flow table follows the live feed or pages through a range of history.</summary>
public enum ConsoleView
{
    Live,
    History,
}
