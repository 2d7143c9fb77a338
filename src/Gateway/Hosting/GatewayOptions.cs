using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Gateway.Hosting;

/// <summary>Where the gateway listens and how it reaches the grains (configuration section "Gateway").</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Standalone hosts the grains in this process; Client joins a cluster of silos as an Orleans client.</summary>
    public GatewayMode Mode { get; set; } = GatewayMode.Standalone;

    /// <summary>gRPC port (HTTP/2): FlowCollector, Flows, Statistics — the port Felix and Calico's console backend use.</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; } = 7443;

    /// <summary>HTTP port: web console, /whisker-backend API, /metrics, /healthz.</summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; } = 8081;

    /// <summary>
    /// Address to listen on: "*" for every interface, or an IP address. Loopback by default, so that a gateway is
    /// reachable from elsewhere only once its operator says so (and chooses Auth:Mode).
    /// </summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Largest gRPC request message, in bytes (a FlowUpdate, a query); a larger one ends its call with ResourceExhausted.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;
}
