namespace FlowGrain.Hosting;

/// <summary>When a silo uses Orleans' Kubernetes hosting (<c>Cluster:KubernetesHosting</c>).</summary>
public static class KubernetesHosting
{
    /// <summary>Set by the kubelet in every container of a pod; not something a manifest sets.</summary>
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>The pod's name, from the downward API; Orleans names the silo after it.</summary>
    public const string PodNameVariable = "POD_NAME";

    /// <summary>The pod's namespace, from the downward API; where Orleans watches the silos' pods.</summary>
    public const string PodNamespaceVariable = "POD_NAMESPACE";

    public static bool Applies(FlowGrainClusterOptions cluster, Func<string, string?> environment) => cluster.KubernetesHosting switch
    {
        KubernetesHostingMode.On => true,
        KubernetesHostingMode.Off => false,
        _ => cluster.Membership == ClusterMembership.Redis
             && !string.IsNullOrEmpty(environment(ServiceHostVariable))
             && !string.IsNullOrEmpty(environment(PodNameVariable)),
    };

    /// <summary>What <see cref="KubernetesHostingMode.On"/> needs, as start-up problems naming the key.</summary>
    public static void Check(FlowGrainClusterOptions cluster, Func<string, string?> environment, List<string> problems)
    {
        if (cluster.KubernetesHosting != KubernetesHostingMode.On) return;
        if (cluster.Membership != ClusterMembership.Redis)
        {
            problems.Add("Cluster:KubernetesHosting is On but Cluster:Membership is not Redis: Kubernetes hosting needs a membership table shared by every pod.");
        }

        foreach (var variable in new[] { PodNameVariable, PodNamespaceVariable })
        {
            if (string.IsNullOrEmpty(environment(variable)))
            {
                problems.Add($"Cluster:KubernetesHosting is On but {variable} is not set: give it from the downward API (fieldRef metadata.{(variable == PodNameVariable ? "name" : "namespace")}).");
            }
        }
    }
}
