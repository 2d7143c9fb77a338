using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// Auth:Mode Bearer: an open console checks its viewer's token against the token file as often as the file is
/// re-read, so removing a token (or changing its namespaces) ends the live console too, not only the next request.
/// </summary>
public sealed class ConsoleSessionRevalidation(TokenStore tokens, GatewayTlsSettings tls, ILoggerFactory loggerFactory)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => tls.Grpc.ReloadInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(StillHolds(authenticationState.User));

    private bool StillHolds(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return true;
        var namespaces = user.FindAll(CallerClaims.Namespace).Select(c => c.Value).ToList();
        return tokens.Current.Holds(user.Identity.Name ?? "", namespaces);
    }
}
