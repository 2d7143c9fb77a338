using FlowGrain.Gateway.Collector;
using FlowGrain.Gateway.Demo;
using FlowGrain.Gateway.Feed;
using FlowGrain.Gateway.GrpcServices;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Http;
using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Queries;
using FlowGrain.Gateway.Security;
using FlowGrain.Hosting;
using FlowGrain.Hosting.Health;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowGrain.Gateway.Extensions;

/// <summary>Registers and maps the gateway's parts: collector, queries, live feed, gRPC services and health.</summary>
public static class GatewayServiceExtensions
{
    public static IServiceCollection AddFlowGrainGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CollectorOptions>().Bind(configuration.GetSection(CollectorOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueryOptions>().Bind(configuration.GetSection(QueryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<GatewayMetrics>();
        services.AddFlowGrainMetrics(configuration, GatewayMetrics.MeterName);
        services.AddSingleton<RejectionLog>();
        services.AddSingleton<SharedCertificateWarning>();
        services.AddSingleton<ShardRouting>();
        services.AddHostedService(sp => sp.GetRequiredService<ShardRouting>());
        services.AddSingleton<IngestPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestPipeline>());
        services.AddSingleton<FlowQueryService>();
        services.AddSingleton<FlowFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<FlowFeed>());
        services.AddSingleton<FeedSubscription>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedSubscription>());
        services.AddSingleton<ClosedWindowLog>();
        services.AddHostedService(sp => sp.GetRequiredService<ClosedWindowLog>());
        services.AddSingleton<ClosedWindowReader>();
        services.AddSingleton<LiveStreams>();
        services.AddSingleton<QueryLimits>();
        services.AddSingleton<FlowEventSource>();

        services.AddGrpc(grpc => grpc.EnableDetailedErrors = false);
        services.AddMessageSizeLimit();
        services.AddFlowGrainRateLimits();
        services.AddSingleton<CollectorService>();
        services.AddSingleton<FlowsService>();
        services.AddSingleton<StatisticsService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<CollectorService>, GoldmaneServiceMethods>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<FlowsService>, GoldmaneServiceMethods>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<StatisticsService>, GoldmaneServiceMethods>());

        services.AddFlowGrainHealth().AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpoints.Ready]);

        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<DemoTraffic>();
        return services;
    }

    public static WebApplication MapFlowGrainGateway(this WebApplication app)
    {
        app.UseEndOnStopping();
        app.UseClientCertificateGate();
        app.UseMessageSizeRefusalCount();
        app.UseFlowGrainAuthentication();
        // After authentication: the per-client buckets are keyed by who the caller is.
        app.UseRateLimiter();
        // The collector is guarded by mutual TLS alone, as Calico's: nodes carry certificates, not tokens.
        app.MapGrpcService<CollectorService>().AllowAnonymous();
        app.MapGrpcService<FlowsService>().RequireRateLimiting(RequestRateLimits.PerClient);
        app.MapGrpcService<StatisticsService>().RequireRateLimiting(RequestRateLimits.PerClient);
        app.MapFlowGrainHealth();
        app.MapWhiskerApi().RequireRateLimiting(RequestRateLimits.PerClient);
        // Traffic metrics carry namespace labels of every namespace: only a caller who sees all of them may scrape.
        var metrics = app.MapFlowGrainMetrics();
        if (app.Services.GetRequiredService<AuthSettings>().Mode != AuthMode.None) metrics.RequireAuthorization(AuthenticationExtensions.AllNamespacesPolicy);
        return app;
    }
}
