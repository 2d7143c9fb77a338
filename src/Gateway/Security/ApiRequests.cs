namespace FlowGrain.Gateway.Security;

/// <summary>Which requests are API calls (answered 401 when unauthenticated) rather than console pages (sent to sign in).</summary>
internal static class ApiRequests
{
    public static bool IsGrpc(HttpRequest request) => request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    public static bool IsApi(HttpRequest request) =>
        IsGrpc(request)
        || request.Path.StartsWithSegments("/whisker-backend", StringComparison.Ordinal)
        || request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal);

    /// <summary>The console's circuit: authenticated by the session cookie, but never redirected (a script makes these requests).</summary>
    public static bool IsCircuit(HttpRequest request) => request.Path.StartsWithSegments("/_blazor", StringComparison.Ordinal);
}
