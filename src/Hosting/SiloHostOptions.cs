using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Hosting;

/// <summary>The silo's own HTTP endpoint for health and metrics (configuration section "Silo").</summary>
public sealed class SiloHostOptions
{
    public const string SectionName = "Silo";

    /// <summary>HTTP port of /healthz (and /metrics).</summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; } = 8082;

    /// <summary>"*" for every interface, or an IP address; an IP address is also the address the silo advertises to the cluster.</summary>
    [Required]
    public string ListenAddress { get; set; } = "*";
}
