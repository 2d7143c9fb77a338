using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Tests.Hosting;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Hosting;
using FlowGrain.Tests.Support.Kubernetes;
using k8s.Models;
using Microsoft.Extensions.Configuration;

namespace FlowGrain.Gateway.Tests.Deployment;

/// <summary>
/// What ties the manifests under k8s/ to the code, for every kustomization that can be applied: ports, probes,
/// selectors, settings, disruption budgets, RBAC and hardening. The processes themselves, started with a
/// manifest's environment, are tested in the end-to-end tests.
/// </summary>
public sealed class ManifestTests
{
    public static TheoryData<string> Kustomizations() => [.. Manifests.Applicable()];

    [Fact]
    public void The_base_and_every_overlay_are_found()
    {
        Assert.Equal(["base", "overlays/calico", "overlays/external-redis", "overlays/prometheus-operator"], Manifests.Applicable());
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Builds_into_silos_and_gateways_with_every_namespaced_object_in_one_namespace(string kustomization)
    {
        var manifests = Manifests.Build(kustomization);

        Assert.Equal(3, manifests.Named<V1Deployment>(Silo).Spec.Replicas);
        // The autoscaler owns the gateways' replicas: an apply must not reset them.
        Assert.Null(manifests.Named<V1Deployment>(Gateway).Spec.Replicas);
        Assert.Equal(2, Assert.Single(manifests.All<V2HorizontalPodAutoscaler>()).Spec.MinReplicas);
        var namespaces = manifests.Objects.OfType<IMetadata<V1ObjectMeta>>()
            .Where(o => o is not V1Namespace)
            .Select(o => o.Metadata.NamespaceProperty)
            .Distinct()
            .ToList();
        Assert.Equal([kustomization == "overlays/calico" ? "calico-system" : "flowgrain"], namespaces);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Container_ports_are_the_ports_the_processes_are_configured_with(string kustomization)
    {
        var manifests = Manifests.Build(kustomization);

        var gateway = Configuration(manifests, Gateway);
        var gatewayOptions = gateway.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new();
        Assert.Equal(new Dictionary<string, int> { ["grpc"] = gatewayOptions.GrpcPort, ["http"] = gatewayOptions.HttpPort }, Ports(manifests.Container(Gateway)));

        var silo = Configuration(manifests, Silo);
        var cluster = ClusterSettings.Read(silo).Cluster;
        var siloHost = silo.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new();
        Assert.Equal(
            new Dictionary<string, int> { ["http"] = siloHost.HttpPort, ["orleans-silo"] = cluster.SiloPort, ["orleans-client"] = cluster.GatewayPort },
            Ports(manifests.Container(Silo)));

        var annotations = manifests.PodTemplates().ToDictionary(t => t.Name, t => t.Template.Metadata.Annotations ?? new Dictionary<string, string>());
        Assert.Equal($"{gatewayOptions.HttpPort}", annotations[Gateway]["prometheus.io/port"]);
        Assert.Equal($"{siloHost.HttpPort}", annotations[Silo]["prometheus.io/port"]);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Probes_ask_the_health_endpoints_on_the_http_port(string kustomization)
    {
        var manifests = Manifests.Build(kustomization);

        foreach (var name in new[] { Silo, Gateway })
        {
            var container = manifests.Container(name);
            Assert.Equal(("/readyz", "http"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
            Assert.Equal(("/healthz", "http"), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
            Assert.Equal(("/healthz", "http"), (container.StartupProbe.HttpGet.Path, container.StartupProbe.HttpGet.Port.Value));
            // The startup probe waits at least as long as a process waits for Redis and the silos (Cluster:StartupTimeout).
            var startupTimeout = ClusterSettings.Read(Configuration(manifests, name)).Cluster.StartupTimeout;
            Assert.True(container.StartupProbe.PeriodSeconds * container.StartupProbe.FailureThreshold >= startupTimeout.TotalSeconds);
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_selector_matches_the_pods_it_means_and_every_named_port_exists(string kustomization)
    {
        var manifests = Manifests.Build(kustomization);
        var pods = manifests.PodTemplates().ToList();

        foreach (var service in manifests.All<V1Service>())
        {
            var (name, template) = Assert.Single(pods, p => Matches(service.Spec.Selector, p.Template));
            foreach (var port in service.Spec.Ports)
            {
                Assert.True(PortNames(template).Contains(port.TargetPort.Value), $"Service {service.Metadata.Name}: {name} has no port {port.TargetPort.Value}");
            }
        }

        Assert.Equal("flowgrain-gateway", Assert.Single(manifests.All<V1Service>(), s => s.Spec.Ports.Any(p => p.Port == 7443) && s.Metadata.Name != "goldmane").Metadata.Name);
        foreach (var budget in manifests.All<V1PodDisruptionBudget>())
        {
            Assert.Single(pods, p => Matches(budget.Spec.Selector.MatchLabels, p.Template));
        }

        foreach (var policy in manifests.All<V1NetworkPolicy>())
        {
            var selected = pods.Where(p => Matches(policy.Spec.PodSelector.MatchLabels, p.Template)).ToList();
            Assert.NotEmpty(selected);
            foreach (var rule in policy.Spec.Ingress ?? [])
            {
                foreach (var port in rule.Ports ?? []) Assert.All(selected, p => Assert.Contains(port.Port.Value, PortNames(p.Template)));
                foreach (var peer in (rule.FromProperty ?? []).Where(f => f.PodSelector?.MatchLabels is not null && f.NamespaceSelector is null))
                {
                    Assert.Single(pods, p => Matches(peer.PodSelector.MatchLabels, p.Template));
                }
            }
        }

        var accounts = manifests.All<V1ServiceAccount>().Select(a => a.Metadata.Name).ToHashSet();
        Assert.All(pods.Where(p => p.Template.Spec.ServiceAccountName is not null), p => Assert.Contains(p.Template.Spec.ServiceAccountName, accounts));
        var autoscaler = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>());
        Assert.Equal(("Deployment", Gateway), (autoscaler.Spec.ScaleTargetRef.Kind, autoscaler.Spec.ScaleTargetRef.Name));
        foreach (var monitor in manifests.All<ServiceMonitor>())
        {
            var service = Assert.Single(manifests.All<V1Service>(), s => Matches(monitor.Spec.Selector.MatchLabels, s.Metadata.Labels));
            Assert.All(monitor.Spec.Endpoints, e => Assert.Contains(e.Port, service.Spec.Ports.Select(p => p.Name)));
            // A gateway's /metrics needs a token (Auth:Mode is set); a silo's asks for none.
            var authorization = Assert.Single(monitor.Spec.Endpoints).Authorization;
            Assert.Equal(monitor.Metadata.Name == Gateway, authorization is { Type: "Bearer", Credentials.Name.Length: > 0 });
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_configmap_key_and_environment_variable_is_a_setting_its_process_reads_and_accepts(string kustomization)
    {
        var manifests = Manifests.Build(kustomization);
        var rows = SettingKeys.ReadmeRows();

        var read = new Dictionary<string, HashSet<string>>();
        foreach (var name in new[] { Silo, Gateway })
        {
            var process = name == Silo ? "silo" : "gateway";
            var container = manifests.Container(name);
            var environment = manifests.Environment(container, _ => "x");
            read[name] = environment.Keys.Where(key => Reads(process, key, rows)).ToHashSet();
            Assert.All(container.Env ?? [], variable => Assert.True(read[name].Contains(variable.Name), $"{name} does not read its environment variable {variable.Name}"));

            // What is read also parses: every options section binds, and the cluster settings pass their checks.
            var configuration = Configuration(manifests, name);
            foreach (var (type, section) in SettingKeys.OptionsClasses) _ = configuration.GetSection(section).Get(type);
            _ = ClusterSettings.Read(configuration);
        }

        foreach (var map in manifests.All<V1ConfigMap>().Where(m => m.Metadata.Name == "flowgrain-config"))
        {
            Assert.All(map.Data.Keys, key => Assert.True(read[Silo].Contains(key) || read[Gateway].Contains(key), $"no process reads {map.Metadata.Name} key {key}"));
        }

        // Orleans' Kubernetes hosting finds the silos' pods by labels that must equal the ids the silos use.
        var cluster = ClusterSettings.Read(Configuration(manifests, Silo)).Cluster;
        var labels = manifests.Named<V1Deployment>(Silo).Spec.Template.Metadata.Labels;
        Assert.Equal((cluster.ServiceId, cluster.ClusterId), (labels["orleans/serviceId"], labels["orleans/clusterId"]));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Disruption_budgets_allow_one_silo_and_one_gateway_down_and_rollouts_never_go_below_the_replicas(string kustomization)
    {
        var manifests = Manifests.Build(kustomization);

        foreach (var name in new[] { Silo, Gateway })
        {
            var budget = manifests.Named<V1PodDisruptionBudget>(name);
            Assert.Equal(("1", null), (budget.Spec.MaxUnavailable?.Value, budget.Spec.MinAvailable));
            var strategy = manifests.Named<V1Deployment>(name).Spec.Strategy;
            Assert.Equal(("RollingUpdate", "0"), (strategy.Type, strategy.RollingUpdate.MaxUnavailable.Value));
        }

        Assert.True(Assert.Single(manifests.All<V2HorizontalPodAutoscaler>()).Spec.MinReplicas >= 2, "one gateway would be a single point of failure");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Only_silos_may_call_the_kubernetes_api_and_only_for_what_orleans_kubernetes_hosting_calls(string kustomization)
    {
        var manifests = Manifests.Build(kustomization);

        Assert.Empty(manifests.All<V1ClusterRole>());
        Assert.Empty(manifests.All<V1ClusterRoleBinding>());
        var rule = Assert.Single(Assert.Single(manifests.All<V1Role>()).Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(OrleansKubernetesHosting.Verbs, rule.Verbs.Order(StringComparer.Ordinal));
        Assert.Null(rule.ResourceNames);

        var binding = Assert.Single(manifests.All<V1RoleBinding>());
        Assert.Equal(Silo, Assert.Single(binding.Subjects).Name);
        Assert.Equal("flowgrain-silo", manifests.Named<V1Deployment>(Silo).Spec.Template.Spec.ServiceAccountName);
        foreach (var (name, template) in manifests.PodTemplates().Where(p => p.Name != Silo))
        {
            Assert.False(template.Spec.AutomountServiceAccountToken ?? true, $"{name} mounts a service account token it never uses");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_pod_runs_unprivileged_with_a_read_only_root_and_bounded_resources(string kustomization)
    {
        var manifests = Manifests.Build(kustomization);

        foreach (var (name, template) in manifests.PodTemplates())
        {
            Assert.True(template.Spec.SecurityContext.RunAsNonRoot, name);
            Assert.Equal("RuntimeDefault", template.Spec.SecurityContext.SeccompProfile.Type);
            foreach (var container in template.Spec.Containers)
            {
                Assert.False(container.SecurityContext.AllowPrivilegeEscalation, name);
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, name);
                Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
                Assert.All(new[] { "cpu", "memory" }, r => Assert.True(container.Resources.Requests.ContainsKey(r) && container.Resources.Limits.ContainsKey(r), $"{name}: {r}"));
            }
        }

        // The graceful stop (a last checkpoint of every owner, queued flows made durable) ends by itself within 28 s.
        var stop = SiloHostingExtensions.ShutdownTimeout + TimeSpan.FromSeconds(3);
        foreach (var name in new[] { Silo, Gateway })
        {
            var spec = manifests.Named<V1Deployment>(name).Spec.Template.Spec;
            var preStop = spec.Containers.Single().Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
            Assert.True(spec.TerminationGracePeriodSeconds >= preStop + stop.TotalSeconds + 5, $"{name}: {spec.TerminationGracePeriodSeconds} s");
            Assert.Equal("kubernetes.io/hostname", spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution.Single().PodAffinityTerm.TopologyKey);
        }
    }

    [Fact]
    public void The_calico_overlay_serves_goldmanes_service_with_goldmanes_certificate_and_lets_flowgrains_pods_past_the_operators_tier()
    {
        var manifests = Manifests.Build("overlays/calico");

        Assert.Empty(manifests.All<V1Namespace>());
        var goldmane = manifests.Named<V1Service>("goldmane");
        Assert.Equal(("calico-system", 7443), (goldmane.Metadata.NamespaceProperty, goldmane.Spec.Ports.Single().Port));
        var template = manifests.Named<V1Deployment>(Gateway).Spec.Template;
        Assert.True(Matches(goldmane.Spec.Selector, template));
        Assert.Equal("goldmane", template.Metadata.Labels["k8s-app"]);

        // Calico's variable names, each pointing into the volume of the Secret or ConfigMap it comes from.
        var container = manifests.Container(Gateway);
        var environment = manifests.Environment(container, _ => "");
        var sources = template.Spec.Volumes.ToDictionary(v => v.Name, v => v.Secret?.SecretName ?? v.ConfigMap?.Name);
        string SourceOf(string variable) =>
            sources[container.VolumeMounts.Single(m => environment[variable].StartsWith(m.MountPath + "/", StringComparison.Ordinal)).Name]!;
        Assert.Equal("flowgrain-goldmane-key-pair", SourceOf("SERVER_CERT_PATH"));
        Assert.Equal("flowgrain-goldmane-key-pair", SourceOf("SERVER_KEY_PATH"));
        Assert.Equal("tigera-ca-bundle", SourceOf("CA_CERT_PATH"));
        Assert.Equal(("CertificateAndAddress", "whisker-backend"), (environment["Tls__NodeIdentity"], environment["Auth__TrustedClientCertificates__0"]));

        var pass = Assert.Single(manifests.All<CalicoNetworkPolicy>());
        Assert.Equal(("calico-system", "calico-system.flowgrain-pass"), (pass.Spec.Tier, pass.Metadata.Name));
        Assert.Equal("app.kubernetes.io/part-of == 'flowgrain'", pass.Spec.Selector);
        Assert.All(manifests.PodTemplates(), p => Assert.Equal("flowgrain", p.Template.Metadata.Labels["app.kubernetes.io/part-of"]));
        Assert.Equal(["Pass"], pass.Spec.Ingress.Concat(pass.Spec.Egress).Select(r => r.Action).Distinct());
        Assert.Equal(["Ingress", "Egress"], pass.Spec.Types);
    }

    [Fact]
    public void The_external_redis_overlay_runs_no_redis_and_gives_both_processes_the_connection_string_from_a_secret()
    {
        var manifests = Manifests.Build("overlays/external-redis");

        Assert.Empty(manifests.All<V1StatefulSet>());
        Assert.DoesNotContain("Cluster__Redis", manifests.Named<V1ConfigMap>("flowgrain-config").Data.Keys);
        foreach (var name in new[] { Silo, Gateway })
        {
            var redis = manifests.Container(name).Env.Single(e => e.Name == "Cluster__Redis").ValueFrom.SecretKeyRef;
            Assert.Equal(("flowgrain-redis", "connection-string"), (redis.Name, redis.Key));
        }
    }

    [Fact]
    public void The_quick_start_redis_keeps_an_append_only_file_on_a_persistent_volume()
    {
        var redis = Manifests.Build("base").Named<V1StatefulSet>("flowgrain-redis");

        var args = redis.Spec.Template.Spec.Containers.Single().Args;
        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("/data", args[args.IndexOf("--dir") + 1]);
        var claim = Assert.Single(redis.Spec.VolumeClaimTemplates);
        Assert.Equal("/data", redis.Spec.Template.Spec.Containers.Single().VolumeMounts.Single(m => m.Name == claim.Metadata.Name).MountPath);
    }

    private const string Silo = "flowgrain-silo";
    private const string Gateway = "flowgrain-gateway";

    /// <summary>
    /// Whether a process reads an environment variable: a setting whose README row names the process (a client
    /// gateway reads neither the silo's keys nor the standalone gateway's), a logging level, or a variable read by name.
    /// </summary>
    private static bool Reads(string process, string variable, IReadOnlyDictionary<string, string> rows)
    {
        if (variable.StartsWith("Logging__LogLevel__", StringComparison.Ordinal)) return true;
        if (process == "silo" && variable is KubernetesHosting.PodNameVariable or KubernetesHosting.PodNamespaceVariable or "POD_IP") return true;
        if (process == "gateway" && variable is "SERVER_CERT_PATH" or "SERVER_KEY_PATH" or "CA_CERT_PATH") return true;

        // A list's items are Key__0, Key__1, …
        var parts = variable.Split("__").Where(part => !int.TryParse(part, out _));
        if (!rows.TryGetValue(string.Join(':', parts), out var processes)) return false;
        return processes == "both" || processes.Split(',').Select(p => p.Trim()).Contains(process);
    }

    /// <summary>The configuration a process builds from its container's environment (Section__Key as Section:Key).</summary>
    private static IConfiguration Configuration(Manifests manifests, string deployment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(manifests.Environment(manifests.Container(deployment), _ => "secret-or-field")
                .Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), (string?)pair.Value)))
            .Build();

    private static Dictionary<string, int> Ports(V1Container container) => container.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);

    private static HashSet<string> PortNames(V1PodTemplateSpec template) =>
        template.Spec.Containers.SelectMany(c => c.Ports).Select(p => p.Name).ToHashSet();

    private static bool Matches(IDictionary<string, string>? selector, V1PodTemplateSpec template) => Matches(selector, template.Metadata.Labels);

    private static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
