using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// Bearer mode's tokens (<c>Authorization: Bearer</c> on HTTP, <c>authorization</c> metadata on gRPC), and for every
/// mode the answer to an API caller without valid credentials: 401 with a reason, or gRPC Unauthenticated / PermissionDenied.
/// </summary>
internal sealed class StaticTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IServiceProvider services)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "FlowGrainToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Oidc mode has no token file; this scheme then only answers challenges.
        if (services.GetService<TokenStore>() is not { } tokens) return Task.FromResult(AuthenticateResult.NoResult());
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(header.Parameter))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(tokens.Current.Find(header.Parameter.Trim()) is { } entry
            ? AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.Principal(entry.Name, entry.Namespaces, SchemeName), SchemeName))
            : AuthenticateResult.Fail("The bearer token is not one of Auth:TokensFile."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        RefuseAsync(StatusCodes.Status401Unauthorized, StatusCode.Unauthenticated,
            Request.Headers.Authorization.Count == 0
                ? "Authentication required: send \"Authorization: Bearer <token>\" (gRPC: \"authorization\" metadata)."
                : "The credentials were not accepted: the token is unknown or expired.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        RefuseAsync(StatusCodes.Status403Forbidden, StatusCode.PermissionDenied, "This needs a caller allowed to see every namespace.");

    private async Task RefuseAsync(int httpStatus, StatusCode grpcStatus, string message)
    {
        if (Response.HasStarted) return;
        if (ApiRequests.IsGrpc(Request))
        {
            // Clients then see the status and this message, not "bad gRPC response, HTTP status 401".
            GrpcRefusal.Write(Response, grpcStatus, message);
            return;
        }

        Response.StatusCode = httpStatus;
        if (httpStatus == StatusCodes.Status401Unauthorized) Response.Headers.WWWAuthenticate = "Bearer";
        Response.ContentType = "application/json";
        await Response.WriteAsJsonAsync(new { error = message });
    }
}
