using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Model;

/// <summary>Builds the pieces of a <see cref="ClusterModel"/>: workloads with replicas, and conversations with verdicts per side.</summary>
internal sealed class ClusterModelBuilder(FlowGenOptions options, Random random, int workloadsPerNamespace)
{
    /// <summary>
    /// Replicas per deployment: two, or more when the cluster has more nodes than two replicas of every namespace's
    /// workloads would cover, so that every node runs pods of its own (and can report as many flows as asked).
    /// </summary>
    private readonly int _replicas = Math.Max(2, (int)Math.Ceiling(options.Nodes / (double)(options.Namespaces * workloadsPerNamespace)));

    private readonly Dictionary<SimEndpoint, SimService> _services = [];
    private int _nextNode;

    /// <summary>A deployment's replicas, spread over the nodes in turn, reported as "&lt;generateName&gt;*".</summary>
    public IReadOnlyList<SimEndpoint> Workload(string ns, string role, int? replicaCount = null)
    {
        var count = replicaCount ?? _replicas;
        var app = $"{ns.Split('-')[^1]}-{role}";
        var hash = random.Next(0x10000, 0xFFFFF).ToString("x5", System.Globalization.CultureInfo.InvariantCulture);
        string[] common = [$"app={app}", $"role={role}", $"team={ns}", $"pod-template-hash={hash}"];
        var replicas = new List<SimEndpoint>(count);
        for (var r = 0; r < count; r++)
        {
            var node = _nextNode++ % options.Nodes;
            replicas.Add(new SimEndpoint($"{app}-{hash}-*", ns, EndpointType.WorkloadEndpoint,
                [.. common, $"replica={r}"], common, node));
        }

        var port = role switch { "cache" => 6379L, "coredns" => 53L, _ => 8080L };
        var portName = role switch { "cache" => "redis", "coredns" => "dns", _ => "http" };
        var service = new SimService(role == "coredns" ? "kube-dns" : app, ns, portName, port);
        foreach (var replica in replicas) _services[replica] = service;
        return replicas;
    }

    /// <summary>Every source replica talks to every destination replica.</summary>
    public IEnumerable<SimConversation> Between(IReadOnlyList<SimEndpoint> sources, IReadOnlyList<SimEndpoint> dests,
        long port, string proto, string portName, Policies.Verdicts verdicts, int weight = 10)
    {
        foreach (var source in sources)
        {
            foreach (var dest in dests)
            {
                var (src, dst) = verdicts(source, dest);
                var service = _services.GetValueOrDefault(dest) is { } s ? s with { PortName = portName } : null;
                yield return new SimConversation(source, dest, port, proto, service, src, dst, weight);
            }
        }
    }

    public IEnumerable<SimConversation> ToOutside(IReadOnlyList<SimEndpoint> sources, string network, long port, bool allowed)
    {
        var outside = new SimEndpoint(network, "-", EndpointType.Network, [], [], null);
        return Between(sources, [outside], port, "tcp", "", (src, _) => allowed
            ? (Policies.Allowed(Policies.SecurityPass(0), Policies.Profile(src.Namespace)), Policies.Allowed())
            : (Policies.Denied(Policies.DenyEgress(0)), Policies.Denied()), weight: 20);
    }

    public IEnumerable<SimConversation> FromOutside(string name, EndpointType type, IReadOnlyList<SimEndpoint> dests, long port)
    {
        var outside = new SimEndpoint(name, "-", type, type == EndpointType.NetworkSet ? ["partner=true"] : [], [], null);
        return Between([outside], dests, port, "tcp", "https", (_, dst) =>
            (Policies.Allowed(), Policies.Allowed(Policies.SecurityPass(0), Policies.NamespaceAllow(dst.Namespace, "allow-ingress-https", 1, 0))), weight: 30);
    }

    /// <summary>Adds api-to-api traffic on high ports until every node has enough distinct flows to report.</summary>
    public void AddSyntheticUntilEnough(List<SimConversation> conversations, IReadOnlyList<IReadOnlyList<SimEndpoint>> workloads)
    {
        var keys = Enumerable.Range(0, options.Nodes).Select(_ => new HashSet<string>()).ToArray();
        var missing = (long)options.Nodes * options.FlowsPerNode;
        void Count(SimConversation c)
        {
            foreach (var side in ReportSide.Of(c))
            {
                var node = keys[side.Node!.Value];
                if (node.Add(side.Identity) && node.Count <= options.FlowsPerNode) missing--;
            }
        }

        conversations.ForEach(Count);

        // Give up when no node has gained a flow for a long while: the target cannot be reached, and more
        // conversations would only fill memory.
        const int hopelessAfter = 100_000;
        var lastGain = 0;
        for (var attempt = 0; missing > 0 && attempt - lastGain < hopelessAfter; attempt++)
        {
            var before = missing;
            var from = workloads[random.Next(workloads.Count)];
            var to = workloads[random.Next(workloads.Count)];
            var port = 30000 + (attempt % 35000);
            // Each source replica talks to one destination replica: every pod involved gets a flow, without the
            // replicas² conversations of a full mesh.
            for (var i = 0; i < from.Count; i++)
            {
                var c = Between([from[i]], [to[(i + attempt) % to.Count]], port, "tcp", "", Policies.InternalAllowed("allow-batch", staged: false), weight: 1).Single();
                conversations.Add(c);
                Count(c);
            }

            if (missing < before) lastGain = attempt;
        }

        var lacking = Array.FindIndex(keys, k => k.Count < options.FlowsPerNode);
        if (lacking >= 0)
        {
            throw new ClusterModelException(
                $"The simulated cluster cannot give node {lacking + 1} {options.FlowsPerNode} distinct flows (it has {keys[lacking].Count}); use fewer --flows.");
        }
    }
}
