using System.Security.Claims;
using FlowGrain.Abstractions.Queries;
using Grpc.Core;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// The namespaces a request may see, for the doors to put into their queries: everything without authentication,
/// else what the caller's claims allow (an unauthenticated caller, who should never get this far, sees nothing).
/// </summary>
public sealed class CallerScopes(AuthSettings settings)
{
    private static readonly NamespaceScope Nothing = new([]);

    public NamespaceScope? Of(ClaimsPrincipal? user)
    {
        if (settings.Mode == AuthMode.None) return null;
        return user?.Identity?.IsAuthenticated == true ? CallerClaims.ScopeOf(user) : Nothing;
    }

    public NamespaceScope? Of(HttpContext context) => Of(context.User);

    public NamespaceScope? Of(ServerCallContext context) => Of(context.GetHttpContext().User);
}
