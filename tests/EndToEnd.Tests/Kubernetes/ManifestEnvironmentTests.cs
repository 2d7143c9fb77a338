using System.IO;
using System.Net;
using FlowGrain.Tests.Support.Kubernetes;
using k8s.Models;

namespace FlowGrain.EndToEnd.Tests.Kubernetes;

/// <summary>
/// The processes started exactly as k8s/base starts them — each container's environment from its manifest, the
/// downward API filled in, Redis on loopback — form a working cluster: every probe answers on its port, and flows
/// sent to the gateway's Service port are counted exactly.
/// </summary>
public sealed class ManifestEnvironmentTests
{
    private const string Silo = "flowgrain-silo";
    private const string Gateway = "flowgrain-gateway";

    [Fact]
    public async Task Three_silos_and_a_gateway_with_the_base_manifests_environment_form_a_cluster_that_counts_exactly()
    {
        var manifests = Manifests.Build("base");
        using var redis = await RedisServer.StartAsync();
        using var pods = new PodEnvironment();
        var redisService = manifests.Named<V1Service>("flowgrain-redis");
        var services = new Dictionary<string, string> { [$"{redisService.Metadata.Name}:{redisService.Spec.Ports.Single().Port}"] = redis.ConnectionString };
        var processes = new List<(string Name, string Ip, TestProcess Process)>();
        try
        {
            // Each silo pod has its own address (127.0.0.11, .12, .13), so all three listen on the manifest's ports.
            var replicas = manifests.Named<V1Deployment>(Silo).Spec.Replicas ?? 1;
            for (var i = 0; i < replicas; i++)
            {
                var ip = $"127.0.0.{11 + i}";
                processes.Add(($"{Silo}-{i}", ip, TestProcess.Built("src/Silo", pods.For(manifests, Silo, $"{Silo}-5f7d8-{i}", ip, services))));
            }

            foreach (var (_, ip, process) in processes) await Health.WaitReadyAsync(ip, Port(manifests, Silo, "http"), process, TimeSpan.FromMinutes(3));
            // One membership table for all of them: a row per silo, and the table's version row.
            var config = manifests.Named<V1ConfigMap>("flowgrain-config").Data;
            Assert.Equal($":{replicas + 1}", await redis.CommandAsync($"HLEN {config["Cluster__ServiceId"]}/members/{config["Cluster__ClusterId"]}"));

            // One gateway: it listens on every interface (as port-forward needs), so a second one here would collide.
            const string token = "kubernetes-manifest-test-token";
            var environment = pods.For(manifests, Gateway, $"{Gateway}-6c9b4-0", "127.0.0.21", services);
            var tokens = manifests.Container(Gateway).VolumeMounts.Single(m => m.Name == "tokens").MountPath;
            await File.WriteAllTextAsync(Path.Combine(pods.MountedAt(tokens), "tokens.json"),
                $$"""[{"name": "operator", "token": "{{token}}", "namespaces": ["*"]}]""");
            var gateway = TestProcess.Built("src/Gateway", environment);
            processes.Add(($"{Gateway}-0", "127.0.0.21", gateway));
            await Health.WaitReadyAsync("127.0.0.21", Port(manifests, Gateway, "http"), gateway, TimeSpan.FromMinutes(3));

            await EveryProbeAnswersAsync(manifests, processes);

            var grpc = manifests.Named<V1Service>(Gateway).Spec.Ports.Single(p => p.Name == "grpc").Port;
            using var flowgen = TestProcess.Program("src/FlowGen",
                "--target", $"127.0.0.21:{grpc}", "--nodes", "6", "--namespaces", "9", "--inflight", "8", "--interval", "1s", "--duration", "4s",
                "--tag", "k8s", "--verify", "--token", token, "--quiet");
            var exit = await flowgen.WaitForExitAsync(TimeSpan.FromMinutes(3));
            Assert.True(exit == 0, flowgen.Output + Output(processes));
        }
        finally
        {
            foreach (var (_, _, process) in processes) process.Dispose();
        }
    }

    /// <summary>Every startup, readiness and liveness probe of the manifests, asked as the kubelet asks it: at the pod's IP.</summary>
    private static async Task EveryProbeAnswersAsync(Manifests manifests, List<(string Name, string Ip, TestProcess Process)> processes)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var (name, ip, process) in processes)
        {
            var deployment = name[..name.LastIndexOf('-')];
            var container = manifests.Container(deployment);
            foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
            {
                var url = new Uri($"http://{ip}:{Port(manifests, deployment, probe.HttpGet.Port.Value)}{probe.HttpGet.Path}");
                using var response = await http.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {url} answered {response.StatusCode}\n{process.Output}");
            }
        }
    }

    private static int Port(Manifests manifests, string deployment, string name) =>
        manifests.Container(deployment).Ports.Single(p => p.Name == name).ContainerPort;

    private static string Output(List<(string Name, string Ip, TestProcess Process)> processes) =>
        string.Concat(processes.Select(p => $"\n--- {p.Name} ---\n{p.Process.Output}"));
}
