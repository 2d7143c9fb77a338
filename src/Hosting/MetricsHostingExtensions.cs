using FlowGrain.Grains.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace FlowGrain.Hosting;

/// <summary>OpenTelemetry metrics with the Prometheus exporter at /metrics, for the silo host and the gateway alike.</summary>
public static class MetricsHostingExtensions
{
    /// <summary>Orleans' own meter.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddFlowGrainMetrics(this IServiceCollection services, IConfiguration configuration, params string[] meters)
    {
        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidation>();

        var maxSeries = configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>()?.MaxSeriesPerMetric ?? new MetricsOptions().MaxSeriesPerMetric;
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter([GrainMetrics.MeterName, TrafficMetrics.MeterName, OrleansMeter, .. meters]);
            // Room for every admitted series, its directions and the folded ones: the SDK must never drop a point of ours.
            metrics.AddView("flowgrain_*", new MetricStreamConfiguration { CardinalityLimit = (maxSeries * 2) + 1000 });
            metrics.AddPrometheusExporter();
        });
        return services;
    }

    /// <summary>Maps /metrics; the returned builder lets a host that authenticates callers require a policy of it.</summary>
    public static IEndpointConventionBuilder MapFlowGrainMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint("/metrics");

    private sealed class MetricsOptionsValidation : IValidateOptions<MetricsOptions>
    {
        public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
