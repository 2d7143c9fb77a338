using System.IO;
using FlowGrain.Tests.Support.Kubernetes;
using k8s.Models;

namespace FlowGrain.EndToEnd.Tests.Kubernetes;

/// <summary>
/// What a container of a manifest starts with on this machine: its environment exactly as the manifest gives it,
/// with what the cluster would fill in supplied here — the downward API (pod name, namespace and IP), a Service's
/// DNS name (Redis, on loopback) — and its volume mounts moved into a temporary directory.
/// </summary>
public sealed class PodEnvironment : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("flowgrain-pod-");

    /// <summary>The directory that stands for a mount path of the container.</summary>
    public string MountedAt(string mountPath) => Path.Combine(_root.FullName, mountPath.TrimStart('/'));

    public IReadOnlyDictionary<string, string> For(Manifests manifests, string deployment, string podName, string podIp,
        IReadOnlyDictionary<string, string> services)
    {
        var container = manifests.Container(deployment);
        var podNamespace = manifests.Named<V1Deployment>(deployment).Metadata.NamespaceProperty;
        var mounts = (container.VolumeMounts ?? []).Select(m => m.MountPath).OrderByDescending(p => p.Length).ToList();
        foreach (var mount in mounts) Directory.CreateDirectory(MountedAt(mount));

        return manifests.Environment(container, source => source.FieldRef?.FieldPath switch
            {
                "metadata.name" => podName,
                "metadata.namespace" => podNamespace,
                "status.podIP" => podIp,
                _ => throw new InvalidOperationException($"{deployment}: no stand-in for {source.FieldRef?.FieldPath ?? "a Secret or ConfigMap reference"}"),
            })
            .ToDictionary(pair => pair.Key, pair => Localise(pair.Value, mounts, services));
    }

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>A value with a Service address replaced by where it runs here, and a mounted path by its stand-in directory.</summary>
    private string Localise(string value, List<string> mounts, IReadOnlyDictionary<string, string> services)
    {
        if (services.TryGetValue(value, out var local)) return local;
        var mount = mounts.FirstOrDefault(m => value.StartsWith(m + "/", StringComparison.Ordinal));
        return mount is null ? value : MountedAt(mount) + value[mount.Length..];
    }
}
