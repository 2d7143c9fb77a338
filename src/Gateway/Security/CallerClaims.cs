using System.Security.Claims;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Gateway.Security;

/// <summary>What the gateway knows of an authenticated caller: a name and the namespaces it may see.</summary>
public static class CallerClaims
{
    /// <summary>One claim per namespace the caller may see.</summary>
    public const string Namespace = "flowgrain/namespace";

    /// <summary>The namespace value that stands for every namespace.</summary>
    public const string AllNamespaces = "*";

    public static ClaimsPrincipal Principal(string name, IEnumerable<string> namespaces, string authenticationType) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), .. namespaces.Select(ns => new Claim(Namespace, ns))],
            authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The scope of an authenticated caller: null for every namespace, else exactly its namespaces (none without any).</summary>
    public static NamespaceScope? ScopeOf(ClaimsPrincipal user)
    {
        var namespaces = user.FindAll(Namespace).Select(c => c.Value).ToList();
        return namespaces.Contains(AllNamespaces) ? null : new NamespaceScope(namespaces);
    }

    public static bool SeesEverything(ClaimsPrincipal user) => user.HasClaim(Namespace, AllNamespaces);
}
