using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Hosting;

/// <summary>How a process joins the Orleans cluster (configuration section "Cluster"); silos and gateways read the same keys.</summary>
public sealed class FlowGrainClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>How silos and client gateways find each other.</summary>
    public ClusterMembership Membership { get; set; } = ClusterMembership.Localhost;

    /// <summary>StackExchange.Redis connection string of the membership table (and of window storage unless Storage:Redis is set).</summary>
    public string? Redis { get; set; }

    /// <summary>Identifies the cluster; silos and gateways with the same id form one cluster.</summary>
    [Required]
    public string ClusterId { get; set; } = "flowgrain";

    /// <summary>Identifies the service across deployments (window storage is keyed by it).</summary>
    [Required]
    public string ServiceId { get; set; } = "flowgrain";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port where Orleans clients (gateways in client mode) connect to a silo.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>How long a starting process waits for Redis (and a client gateway for a silo) before it gives up and exits.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Orleans' Kubernetes hosting for silos on Redis membership: the silo is named after its pod, and silos whose pods
    /// are deleted are declared dead at once instead of after missed probes. Auto turns it on inside a pod.
    /// </summary>
    public KubernetesHostingMode KubernetesHosting { get; set; } = KubernetesHostingMode.Auto;

    /// <summary>Mutual TLS between silos and from client gateways to silos (keys Cluster:Tls:*); off when unset.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();
}

/// <summary>
/// Certificates for the cluster's own connections: every silo and client gateway presents its certificate and
/// accepts only peers whose certificates chain to <see cref="CaFile"/>. Use a CA of FlowGrain's own: anything it signs may join.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>PEM certificate (with its chain) this process presents to its peers.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>PEM bundle of the CAs whose certificates are cluster members.</summary>
    public string? CaFile { get; set; }

    /// <summary>How often the files are checked for a rotation.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile) || !string.IsNullOrWhiteSpace(KeyFile) || !string.IsNullOrWhiteSpace(CaFile);
}

/// <summary>Whether a silo uses Orleans' Kubernetes hosting.</summary>
public enum KubernetesHostingMode
{
    /// <summary>On inside a Kubernetes pod (KUBERNETES_SERVICE_HOST and POD_NAME are set), off elsewhere.</summary>
    Auto,

    /// <summary>Always (needs Redis membership, POD_NAME and POD_NAMESPACE, and the pod's service account).</summary>
    On,

    /// <summary>Never.</summary>
    Off,
}

/// <summary>The membership provider of the cluster.</summary>
public enum ClusterMembership
{
    /// <summary>One machine: silos on loopback, the first one primary (standalone, tests).</summary>
    Localhost,

    /// <summary>Orleans' Redis membership table: any number of silos and client gateways on any machines.</summary>
    Redis,
}
