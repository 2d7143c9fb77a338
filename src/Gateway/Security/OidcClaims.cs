using System.Security.Claims;
using System.Text.Json;

namespace FlowGrain.Gateway.Security;

/// <summary>An OpenID Connect identity as a FlowGrain caller: its name, and its namespaces from Auth:Oidc:NamespacesClaim or the admin group.</summary>
public static class OidcClaims
{
    public static ClaimsPrincipal Caller(ClaimsPrincipal identity, OidcOptions oidc, string authenticationType)
    {
        var name = identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("name")?.Value ?? identity.FindFirst("sub")?.Value ?? "unknown";
        var namespaces = Values(identity, oidc.NamespacesClaim).ToList();
        if (oidc.AdminGroup is { Length: > 0 } admin && Values(identity, oidc.GroupsClaim).Contains(admin, StringComparer.Ordinal))
        {
            namespaces = [CallerClaims.AllNamespaces];
        }

        return CallerClaims.Principal(name, namespaces, authenticationType);
    }

    /// <summary>A claim's values: one claim per value, or one claim holding a JSON array (as many providers send lists).</summary>
    private static IEnumerable<string> Values(ClaimsPrincipal identity, string claimType)
    {
        foreach (var claim in identity.FindAll(claimType))
        {
            if (claim.Value.StartsWith('['))
            {
                string[]? values = null;
                try
                {
                    values = JsonSerializer.Deserialize<string[]>(claim.Value);
                }
                catch (JsonException)
                {
                    // Not a JSON array after all: the value itself.
                }

                if (values is not null)
                {
                    foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v))) yield return value;
                    continue;
                }
            }

            if (!string.IsNullOrWhiteSpace(claim.Value)) yield return claim.Value;
        }
    }
}
