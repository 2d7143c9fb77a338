namespace FlowGrain.Gateway.Hosting;

/// <summary>How the gateway reaches the grains.</summary>
public enum GatewayMode
{
    /// <summary>An in-process silo with localhost clustering and in-memory storage: one command, nothing else to run.</summary>
    Standalone,

    /// <summary>An Orleans client of a separate silo cluster (src/Silo).</summary>
    Client,
}
