using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGrain.Hosting.Health;

/// <summary>
/// /healthz answers whether the process lives (for restarts), /readyz whether it has joined the cluster and serves
/// (for traffic); a stopping process is no longer ready, so load balancers move clients away before it goes.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Tag of the checks behind /readyz.</summary>
    public const string Ready = "ready";

    public static IHealthChecksBuilder AddFlowGrainHealth(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<StoppingHealthCheck>("stopping", tags: [Ready]);

    public static WebApplication MapFlowGrainHealth(this WebApplication app)
    {
        // Probes (kubelet, load balancers) carry no credentials, and the answers reveal no flows.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => !check.Tags.Contains(Ready) }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
        return app;
    }
}
