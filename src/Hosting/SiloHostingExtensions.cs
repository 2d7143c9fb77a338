using System.Net;
using FlowGrain.Abstractions.Storage;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Metrics;
using FlowGrain.Grains.Storage;
using FlowGrain.Hosting.Security;
using FlowGrain.Hosting.Startup;
using FlowGrain.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowGrain.Hosting;

/// <summary>Configures a process to host FlowGrain's grains (the silo host and the standalone gateway) or to reach them (a client gateway).</summary>
public static class SiloHostingExtensions
{
    /// <summary>How long a stopping process may take: inside the 30 s that Kubernetes (and systemd) wait before SIGKILL.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(25);

    /// <summary>The silo: membership and window storage from configuration, the grains' options, clock and meters.</summary>
    public static IHostApplicationBuilder AddFlowGrainSilo(this IHostApplicationBuilder builder)
    {
        var settings = ClusterSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        // Registered before Orleans so that its hosted service runs first: the membership table needs Redis at start.
        builder.Services.AddHostedService<RedisStartupGate>();
        builder.Services.AddHostedService<StorageWarning>();
        builder.UseOrleans(silo =>
        {
            var cluster = settings.Cluster;
            if (cluster.Membership == ClusterMembership.Redis)
            {
                var listen = builder.Configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>()?.ListenAddress ?? "*";
                silo.UseRedisClustering(cluster.Redis!);
                silo.ConfigureEndpoints(AdvertisedAddress.Choose(listen), cluster.SiloPort, cluster.GatewayPort,
                    listenOnAnyHostAddress: !IPAddress.TryParse(listen, out _));
                silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                // Pods that Kubernetes deleted are declared dead at once; RBAC: pods get, list, watch, patch (k8s/base).
                if (KubernetesHosting.Applies(cluster, Environment.GetEnvironmentVariable)) silo.UseKubernetesHosting();
            }
            else
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }

            if (settings.Cluster.Tls.Enabled) silo.UseTls(builder.Services.AddClusterCertificates(settings).Configure);
            silo.AddMemoryGrainStorageAsDefault();
        });

        builder.Services.AddWindowStore(settings);
        builder.Services.AddFlowGrainAggregation(builder.Configuration);
        builder.Services.AddSingleton<GrainMetrics>();
        builder.Services.AddSingleton<TrafficMetrics>();
        return builder;
    }

    /// <summary>A client gateway: finds the silos through the same membership and waits for one at start.</summary>
    public static IHostApplicationBuilder AddFlowGrainClient(this IHostApplicationBuilder builder)
    {
        var settings = ClusterSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddHostedService<RedisStartupGate>();
        builder.UseOrleansClient(client =>
        {
            var cluster = settings.Cluster;
            if (cluster.Membership == ClusterMembership.Redis)
            {
                client.UseRedisClustering(cluster.Redis!);
                client.Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            if (settings.Cluster.Tls.Enabled) client.UseTls(builder.Services.AddClusterCertificates(settings).Configure);
            client.Services.AddSingleton<IClientConnectionRetryFilter, SiloStartupRetry>();
        });
        builder.Services.AddFlowGrainAggregation(builder.Configuration);
        return builder;
    }

    /// <summary>The options and clock that grains and gateways share.</summary>
    public static IServiceCollection AddFlowGrainAggregation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AggregationOptions>()
            .Bind(configuration.GetSection(AggregationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DurabilityOptions>()
            .Bind(configuration.GetSection(DurabilityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(FlowClock.System);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HistoryOptions>()
            .Bind(configuration.GetSection(HistoryOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HistoryOptions>, HistoryOptionsValidation>();
        services.TryAddSingleton(sp => new WindowGrid(
            sp.GetRequiredService<IOptions<AggregationOptions>>().Value, sp.GetRequiredService<IOptions<HistoryOptions>>().Value));
        return services;
    }

    /// <summary>The cluster's certificates, loaded now (the settings were checked) and watched for rotation once the host runs.</summary>
    private static ClusterCertificates AddClusterCertificates(this IServiceCollection services, ClusterSettings settings)
    {
        var certificates = new ClusterCertificates(settings.Cluster.Tls);
        services.AddSingleton(certificates);
        services.AddHostedService<ClusterCertificateReload>();
        return certificates;
    }

    private static void AddWindowStore(this IServiceCollection services, ClusterSettings settings)
    {
        if (settings.Storage == WindowStorageProvider.Redis)
        {
            services.AddSingleton(sp => new RedisWindowStore(settings.StorageRedis!, settings.Cluster.ServiceId,
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RedisWindowStore>>()));
            services.AddSingleton<IWindowStore>(sp => sp.GetRequiredService<RedisWindowStore>());
            services.AddSingleton<IShardMapStore>(sp => sp.GetRequiredService<RedisWindowStore>());
        }
        else
        {
            services.AddSingleton<IWindowStore, MemoryWindowStore>();
            services.AddSingleton<IShardMapStore, MemoryShardMapStore>();
        }
    }
}
