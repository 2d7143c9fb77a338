using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using k8s;
using k8s.Models;

namespace FlowGrain.Tests.Support.Kubernetes;

/// <summary>The objects <c>kubectl kustomize</c> builds from one of the repository's kustomizations under <c>k8s/</c>.</summary>
public sealed class Manifests
{
    private Manifests(string kustomization, string yaml, IReadOnlyList<object> objects)
    {
        Kustomization = kustomization;
        Yaml = yaml;
        Objects = objects;
    }

    /// <summary>The kustomization's folder, relative to <c>k8s/</c> (<c>base</c>, <c>overlays/calico</c>, …).</summary>
    public string Kustomization { get; }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    /// <summary>Every kustomization that can be applied: the base and each overlay (components are built through them).</summary>
    public static IEnumerable<string> Applicable()
    {
        var root = Path.Combine(Repository.Root, "k8s");
        return Directory.EnumerateFiles(root, "kustomization.yaml", SearchOption.AllDirectories)
            .Where(file => File.ReadAllText(file).Contains("kind: Kustomization", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    private static readonly ConcurrentDictionary<string, Lazy<Manifests>> Built = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <c>kubectl kustomize k8s/&lt;kustomization&gt;</c> and parses what it prints as Kubernetes models, once per
    /// test run: the objects are shared between tests, which read them and never change them.
    /// </summary>
    public static Manifests Build(string kustomization) =>
        Built.GetOrAdd(kustomization, k => new Lazy<Manifests>(() => Kustomize(k))).Value;

    private static Manifests Kustomize(string kustomization)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "kustomize", Path.Combine(Repository.Root, "k8s", kustomization) }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start (is it installed?)");
        var stderr = process.StandardError.ReadToEndAsync();
        var yaml = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) throw new TimeoutException($"kubectl kustomize {kustomization} did not finish in 2 minutes");
        if (process.ExitCode != 0) throw new InvalidOperationException($"kubectl kustomize {kustomization} failed ({process.ExitCode}): {stderr.Result}");
        return new Manifests(kustomization, yaml, KubernetesYaml.LoadAllFromString(yaml, CustomResources, strict: true));
    }

    /// <summary>The custom resources the kustomizations use, beside the built-in kinds KubernetesClient knows.</summary>
    private static readonly Dictionary<string, Type> CustomResources = new()
    {
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
        ["projectcalico.org/v3/NetworkPolicy"] = typeof(CalicoNetworkPolicy),
    };

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Named<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new InvalidOperationException($"{Kustomization} has no {typeof(T).Name} named {name}");

    /// <summary>The workloads' pod templates: Deployments and StatefulSets.</summary>
    public IEnumerable<(string Name, V1PodTemplateSpec Template)> PodTemplates() =>
        All<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template)));

    public V1Container Container(string deployment) => Named<V1Deployment>(deployment).Spec.Template.Spec.Containers.Single();

    /// <summary>
    /// The environment a container starts with, as the kubelet gives it: the ConfigMaps of <c>envFrom</c>, then
    /// <c>env</c> in order with <c>$(NAME)</c> expanded; downward-API, Secret and other references come from
    /// <paramref name="resolve"/> (what the cluster would fill in).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(V1Container container, Func<V1EnvVarSource, string> resolve)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var map = Named<V1ConfigMap>(source.ConfigMapRef?.Name ?? throw new InvalidOperationException("only ConfigMaps are used in envFrom"));
            foreach (var (key, value) in map.Data) environment[key] = value;
        }

        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name] = variable.ValueFrom is { } from ? resolve(from) : Expand(variable.Value ?? "", environment);
        }

        return environment;
    }

    private static string Expand(string value, Dictionary<string, string> environment)
    {
        foreach (var (name, replacement) in environment) value = value.Replace($"$({name})", replacement, StringComparison.Ordinal);
        return value;
    }
}

/// <summary>prometheus-operator's ServiceMonitor, as far as FlowGrain's manifests use it.</summary>
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public ServiceMonitorSpec Spec { get; set; } = new();
}

public sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();

    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}

public sealed class ServiceMonitorEndpoint
{
    public string Port { get; set; } = "";

    public string Path { get; set; } = "";

    public string Interval { get; set; } = "";

    public ServiceMonitorAuthorization? Authorization { get; set; }
}

public sealed class ServiceMonitorAuthorization
{
    public string Type { get; set; } = "";

    public V1SecretKeySelector Credentials { get; set; } = new();
}

/// <summary>Calico's own NetworkPolicy (projectcalico.org/v3), as far as the Calico overlay uses it.</summary>
public sealed class CalicoNetworkPolicy : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public CalicoNetworkPolicySpec Spec { get; set; } = new();
}

public sealed class CalicoNetworkPolicySpec
{
    public string Tier { get; set; } = "";

    public double Order { get; set; }

    public string Selector { get; set; } = "";

    public List<string> Types { get; set; } = [];

    public List<CalicoRule> Ingress { get; set; } = [];

    public List<CalicoRule> Egress { get; set; } = [];
}

public sealed class CalicoRule
{
    public string Action { get; set; } = "";
}
