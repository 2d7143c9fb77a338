using FlowGrain.Gateway.Hosting;
using FlowGrain.Hosting;

namespace FlowGrain.Gateway.Extensions;

/// <summary>Connects the gateway to the grains: an in-process silo (standalone) or a client of a silo cluster.</summary>
public static class ClusterExtensions
{
    public static WebApplicationBuilder AddFlowGrainCluster(this WebApplicationBuilder builder)
    {
        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new();
        if (gateway.Mode == GatewayMode.Standalone) builder.AddFlowGrainSilo();
        else builder.AddFlowGrainClient();
        builder.Services.AddFlowGrainDataProtection(ClusterSettings.Read(builder.Configuration));
        return builder;
    }
}
