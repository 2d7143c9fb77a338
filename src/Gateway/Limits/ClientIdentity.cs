using System.Security.Claims;
using FlowGrain.Gateway.Hosting;

namespace FlowGrain.Gateway.Limits;

/// <summary>
/// Who a caller is for the per-client limits: the authenticated name (token name, certificate name, OIDC subject),
/// else the peer's IP address. Without authentication every caller behind one proxy is one client.
/// </summary>
public static class ClientIdentity
{
    public static string Of(HttpContext context) => Authenticated(context.User) ?? "ip:" + PeerAddress.Of(context.Connection);

    /// <summary>The client an authenticated principal is, or null for an anonymous one.</summary>
    public static string? Authenticated(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity) return null;
        var name = identity.Name ?? user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return name is null ? null : "user:" + name;
    }
}
