using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Model;

/// <summary>
/// A simulated Kubernetes cluster: namespaces with deployments (two replicas on different nodes), services, hosts,
/// a network set and the outside world, and the conversations between them with their policy verdicts.
/// </summary>
internal sealed class ClusterModel
{
    private static readonly string[] BaseNamespaces =
        ["frontend", "checkout", "payments", "catalog", "inventory", "shipping", "auth", "search", "notifications", "reviews"];

    private static readonly string[] Roles = ["api", "worker", "cache"];

    public required IReadOnlyList<string> Nodes { get; init; }

    public required IReadOnlyList<string> Namespaces { get; init; }

    /// <summary>Names of the endpoints without a namespace that report flows (the hosts).</summary>
    public required IReadOnlyList<string> HostNames { get; init; }

    public required IReadOnlyList<SimConversation> Conversations { get; init; }

    public static ClusterModel Build(FlowGenOptions options)
    {
        var random = new Random(options.Seed);
        var builder = new ClusterModelBuilder(options, random, Roles.Length);
        var nodes = Enumerable.Range(1, options.Nodes).Select(i => Named(options.Tag, $"node-{i}")).ToList();
        var namespaces = Enumerable.Range(0, options.Namespaces)
            .Select(i => Named(options.Tag, i < BaseNamespaces.Length ? BaseNamespaces[i] : $"team-{i}"))
            .ToList();
        var kubeSystem = Named(options.Tag, "kube-system");

        var workloads = namespaces.ToDictionary(ns => ns, ns => Roles.ToDictionary(role => role, role => builder.Workload(ns, role)));
        var dns = builder.Workload(kubeSystem, "coredns", replicaCount: 2);
        var hosts = nodes.Select((node, i) => new SimEndpoint(node, "-", EndpointType.HostEndpoint,
            [$"kubernetes.io/hostname={node}"], [$"kubernetes.io/hostname={node}"], i)).ToList();

        var conversations = new List<SimConversation>();
        for (var i = 0; i < namespaces.Count; i++)
        {
            var ns = namespaces[i];
            var here = workloads[ns];
            var next = workloads[namespaces[(i + 1) % namespaces.Count]];
            var later = workloads[namespaces[(i + 2) % namespaces.Count]];
            var staged = i % 2 == 1;

            conversations.AddRange(builder.Between(here["api"], here["cache"], 6379, "tcp", "redis", Policies.InternalAllowed("allow-api-to-cache", staged)));
            conversations.AddRange(builder.Between(here["worker"], here["api"], 8080, "tcp", "http", Policies.InternalAllowed("allow-workers", staged)));
            conversations.AddRange(builder.Between(here["api"], next["api"], 8080, "tcp", "http", Policies.InternalAllowed($"allow-from-{Short(ns)}", staged: (i + 1) % 2 == 1)));
            if (i % 3 == 0)
            {
                conversations.AddRange(builder.Between(here["worker"], later["api"], 8080, "tcp", "http", Policies.IngressDenied()));
            }

            conversations.AddRange(builder.Between(here["api"], dns, 53, "udp", "dns", Policies.DnsAllowed()));
            conversations.AddRange(builder.ToOutside(here["worker"], "pub", 443, allowed: i % 2 == 0));
            conversations.AddRange(builder.ToOutside(here["api"], "pvt", 5432, allowed: true));
        }

        conversations.AddRange(builder.FromOutside("pub", EndpointType.Network, workloads[namespaces[0]]["api"], 443));
        conversations.AddRange(builder.FromOutside(Named(options.Tag, "trusted-partners"), EndpointType.NetworkSet,
            workloads[namespaces[Math.Min(2, namespaces.Count - 1)]]["api"], 443));
        foreach (var host in hosts)
        {
            conversations.AddRange(builder.Between([host], dns, 53, "udp", "dns", Policies.DnsAllowed()));
        }

        builder.AddSyntheticUntilEnough(conversations, workloads.Values.SelectMany(w => w.Values).ToList());
        return new ClusterModel { Nodes = nodes, Namespaces = [.. namespaces, kubeSystem], HostNames = nodes, Conversations = conversations };
    }

    private static string Named(string tag, string name) => tag.Length == 0 ? name : $"{tag}-{name}";

    private static string Short(string ns) => ns.Split('-')[^1];
}
