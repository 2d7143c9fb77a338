using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace FlowGrain.Grains.Hosting;

/// <summary>Configures a silo to host FlowGrain's grains, for the silo host and the standalone gateway alike.</summary>
public static class SiloHostingExtensions
{
    public static ISiloBuilder AddFlowGrainSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(FlowGrainClusterOptions.SectionName).Get<FlowGrainClusterOptions>() ?? new();
        Validate(cluster);
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        silo.AddMemoryGrainStorageAsDefault();
        silo.Services.AddFlowGrainAggregation(configuration);
        silo.Services.AddSingleton<GrainMetrics>();
        silo.Services.AddSingleton<TrafficMetrics>();
        return silo;
    }

    /// <summary>The options and clock that grains and gateways share.</summary>
    public static IServiceCollection AddFlowGrainAggregation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AggregationOptions>()
            .Bind(configuration.GetSection(AggregationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(FlowClock.System);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WindowGrid(sp.GetRequiredService<IOptions<AggregationOptions>>().Value));
        return services;
    }

    private static void Validate(FlowGrainClusterOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(FlowGrainClusterOptions.SectionName, typeof(FlowGrainClusterOptions),
                results.Select(r => $"Cluster: {r.ErrorMessage}"));
        }
    }
}
