namespace FlowGrain.Gateway.Console.Map;

/// <summary>Traffic from one place to another: bytes (each conversation once), flows, and how many of them were denied.</summary>
public sealed record MapEdge(string From, string To, long Bytes, int Flows, int DeniedFlows)
{
    public bool Denied => DeniedFlows > 0;
}
