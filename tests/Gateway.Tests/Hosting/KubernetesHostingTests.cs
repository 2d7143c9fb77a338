using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Hosting;
using Microsoft.Extensions.DependencyInjection;
using FlowGrain.Silo;
using FlowGrain.Tests.Support.Kubernetes;
using k8s;
using k8s.Models;
using Orleans.Hosting.Kubernetes;

namespace FlowGrain.Gateway.Tests.Hosting;

/// <summary>
/// Orleans' Kubernetes hosting in a silo: when it is used, and which Kubernetes API calls it makes, against a fake
/// API server. What it calls is exactly what the silo's Role in k8s/base grants.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class KubernetesHostingTests
{
    [Theory]
    [InlineData(KubernetesHostingMode.Auto, ClusterMembership.Redis, true, true, true)]
    [InlineData(KubernetesHostingMode.Auto, ClusterMembership.Redis, false, true, false)]
    [InlineData(KubernetesHostingMode.Auto, ClusterMembership.Redis, true, false, false)]
    [InlineData(KubernetesHostingMode.Auto, ClusterMembership.Localhost, true, true, false)]
    [InlineData(KubernetesHostingMode.Off, ClusterMembership.Redis, true, true, false)]
    [InlineData(KubernetesHostingMode.On, ClusterMembership.Redis, false, true, true)]
    public void Auto_uses_it_in_a_pod_of_a_redis_cluster(KubernetesHostingMode mode, ClusterMembership membership, bool inPod, bool podName, bool uses)
    {
        var cluster = new FlowGrainClusterOptions { KubernetesHosting = mode, Membership = membership };
        Assert.Equal(uses, KubernetesHosting.Applies(cluster, Environment(inPod, podName)));
    }

    [Fact]
    public void On_without_the_pod_name_and_namespace_or_outside_a_redis_cluster_is_refused_naming_what_is_missing()
    {
        var problems = new List<string>();
        KubernetesHosting.Check(new FlowGrainClusterOptions { KubernetesHosting = KubernetesHostingMode.On }, _ => null, problems);

        Assert.Collection(problems,
            p => Assert.Contains("Cluster:Membership is not Redis", p, StringComparison.Ordinal),
            p => Assert.Contains("POD_NAME is not set", p, StringComparison.Ordinal),
            p => Assert.Contains("POD_NAMESPACE is not set", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_in_a_pod_as_the_manifests_label_it_calls_exactly_what_the_silos_role_grants_and_names_itself_after_its_pod()
    {
        var manifests = Manifests.Build("base");
        var calls = await CallsOfASiloAsync(manifests.Named<V1Deployment>("flowgrain-silo").Spec.Template.Metadata.Labels);

        var granted = manifests.Named<V1Role>("flowgrain-silo").Rules.Single();
        Assert.Equal(OrleansKubernetesHosting.Verbs, granted.Verbs.Order(StringComparer.Ordinal));
        Assert.Equal(OrleansKubernetesHosting.Verbs.Select(v => $"{v} pods"), calls);
    }

    [Fact]
    public async Task A_silo_whose_pod_lacks_the_cluster_labels_patches_its_pod_which_the_role_does_not_allow()
    {
        // Why the manifests must keep orleans/serviceId and orleans/clusterId equal to the silos' ids (ManifestTests).
        var calls = await CallsOfASiloAsync(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "flowgrain-silo" });

        Assert.Contains("patch pods", calls);
        Assert.DoesNotContain("patch", OrleansKubernetesHosting.Verbs);
    }

    /// <summary>The distinct calls a silo with Kubernetes hosting makes while it starts and begins watching its cluster's pods.</summary>
    private static async Task<List<string>> CallsOfASiloAsync(IDictionary<string, string> podLabels)
    {
        const string podNamespace = "flowgrain", podName = "flowgrain-silo-7d9f-abcde";
        using var redis = await RedisServer.StartAsync();
        await using var api = await FakeKubernetesApi.StartAsync(podNamespace, podLabels, podName);
        var ports = FreePorts.Take(3);
        using var pod = ProcessEnvironment.Set((KubernetesHosting.PodNameVariable, podName), (KubernetesHosting.PodNamespaceVariable, podNamespace));

        await using var silo = SiloApp.Build(
            ["--Cluster:Membership=Redis", $"--Cluster:Redis={redis.ConnectionString}", "--Cluster:KubernetesHosting=On",
             "--Silo:ListenAddress=127.0.0.1", $"--Cluster:SiloPort={ports[0]}", $"--Cluster:GatewayPort={ports[1]}", $"--Silo:HttpPort={ports[2]}",
             "--Logging:LogLevel:Default=Warning"],
            builder => builder.Services.Configure<KubernetesHostingOptions>(o =>
                o.GetClientConfiguration = () => new KubernetesClientConfiguration { Host = api.Url }));
        await silo.StartAsync();
        try
        {
            // The silo labels its pod with the cluster's ids, lists the cluster's pods, then watches them.
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!api.Requests.Contains("watch pods") && DateTime.UtcNow < deadline) await Task.Delay(100);

            Assert.Contains("watch pods", api.Requests);
            var name = silo.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.SiloOptions>>().Value.SiloName;
            Assert.Equal(podName, name);
            return [.. api.Requests.Distinct().Order(StringComparer.Ordinal)];
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await silo.StopAsync(stopping.Token);
        }
    }

    private static Func<string, string?> Environment(bool inPod, bool podName) => variable => variable switch
    {
        KubernetesHosting.ServiceHostVariable when inPod => "10.96.0.1",
        KubernetesHosting.PodNameVariable when podName => "flowgrain-silo-0",
        _ => null,
    };
}

/// <summary>
/// The RBAC verbs on pods that Orleans' Kubernetes hosting needs when the pods carry the cluster's labels, with pod
/// deletion (DeleteDefunctSiloPods) off.
/// </summary>
public static class OrleansKubernetesHosting
{
    public static readonly string[] Verbs = ["get", "list", "watch"];
}
