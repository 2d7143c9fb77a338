using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Grains.Hosting;

/// <summary>How a process joins the Orleans cluster (configuration section "Cluster").</summary>
public sealed class FlowGrainClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Identifies the cluster; silos and gateways with the same id form one cluster.</summary>
    [Required]
    public string ClusterId { get; set; } = "flowgrain";

    /// <summary>Identifies the service across deployments (grain storage is keyed by it).</summary>
    [Required]
    public string ServiceId { get; set; } = "flowgrain";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port where Orleans clients (gateways in client mode) connect to a silo.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
