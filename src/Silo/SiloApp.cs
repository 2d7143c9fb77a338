using System.Net;
using FlowGrain.Hosting;
using FlowGrain.Hosting.Health;

namespace FlowGrain.Silo;

/// <summary>Composes the silo host: the grains, plus a small HTTP endpoint for health and metrics.</summary>
public static class SiloApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        customize?.Invoke(builder);
        builder.AddFlowGrainSilo();

        var options = builder.Configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (options.ListenAddress == "*") kestrel.ListenAnyIP(options.HttpPort);
            else kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.HttpPort);
        });
        builder.Services.AddFlowGrainHealth().AddCheck<SiloHealthCheck>("silo", tags: [HealthEndpoints.Ready]);
        builder.Services.AddFlowGrainMetrics(builder.Configuration);

        var app = builder.Build();
        app.MapFlowGrainHealth();
        app.MapFlowGrainMetrics();
        return app;
    }
}
