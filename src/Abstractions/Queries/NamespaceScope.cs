using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Abstractions.Queries;

/// <summary>
/// The namespaces a caller may see. A flow is visible when either end is in one of them, and then it is shown whole
/// (the other end's namespace, name and labels included): it is traffic of the caller's own workloads.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.NamespaceScope")]
public sealed record NamespaceScope
{
    public NamespaceScope(IEnumerable<string> namespaces) => Namespaces = [.. namespaces.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The allowed namespaces, sorted; empty allows nothing.</summary>
    [Id(0)] public ImmutableArray<string> Namespaces { get; init; }

    public bool Allows(FlowKey key) => Allows(key.SourceNamespace) || Allows(key.DestNamespace);

    public bool Allows(string ns) => Namespaces.BinarySearch(ns, StringComparer.Ordinal) >= 0;

    /// <summary>What both allow: a scope applied twice (e.g. by a door and by a caller's own filter) never widens.</summary>
    public NamespaceScope Intersect(NamespaceScope? other) => other is null ? this : new(Namespaces.Where(other.Allows));

    public bool Equals(NamespaceScope? other) => other is not null && Namespaces.SequenceEqual(other.Namespaces);

    public override int GetHashCode() => Namespaces.Aggregate(0, (hash, ns) => HashCode.Combine(hash, ns));
}
