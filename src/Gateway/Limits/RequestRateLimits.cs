using System.Globalization;
using System.Threading.RateLimiting;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Security;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Limits;

/// <summary>
/// Query:RequestsPerSecondPerClient with ASP.NET Core's rate limiter: one token bucket per client
/// (<see cref="ClientIdentity"/>) over the query APIs, gRPC and HTTP. The collector, the console's circuit, health
/// and metrics are not limited by it.
/// </summary>
public static class RequestRateLimits
{
    public const string PerClient = "flowgrain-per-client";

    public static IServiceCollection AddFlowGrainRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerClient, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<QueryOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(ClientIdentity.Of(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestBurstPerClient,
                    TokensPerPeriod = options.RequestsPerSecondPerClient,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = (rejected, _) => new ValueTask(RefuseAsync(rejected.HttpContext, rejected.Lease));
        });

    private static Task RefuseAsync(HttpContext context, RateLimitLease lease)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<QueryOptions>>().Value;
        var metrics = context.RequestServices.GetRequiredService<GatewayMetrics>();
        var refusal = metrics.LimitExceeded(Limit.RequestsPerClient,
            $"This client made more than {options.RequestsPerSecondPerClient} requests per second (Query:RequestsPerSecondPerClient, " +
            $"bursts of {options.RequestBurstPerClient}); slow down and retry.");
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

        if (ApiRequests.IsGrpc(context.Request))
        {
            GrpcRefusal.Write(context.Response, refusal.Limit.Grpc(), refusal.Message);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = refusal.Limit.Http();
        return context.Response.WriteAsJsonAsync(new { error = refusal.Message });
    }
}
