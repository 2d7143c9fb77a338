using FlowGrain.Gateway.Hosting;
using FlowGrain.Grains.Hosting;

namespace FlowGrain.Gateway.Extensions;

/// <summary>Connects the gateway to the grains: an in-process silo (standalone) or a client of a silo cluster.</summary>
public static class ClusterExtensions
{
    public static WebApplicationBuilder AddFlowGrainCluster(this WebApplicationBuilder builder)
    {
        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new();
        if (gateway.Mode == GatewayMode.Standalone)
        {
            builder.UseOrleans(silo => silo.AddFlowGrainSilo(builder.Configuration));
        }
        else
        {
            var cluster = builder.Configuration.GetSection(FlowGrainClusterOptions.SectionName).Get<FlowGrainClusterOptions>() ?? new();
            builder.UseOrleansClient(client => client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId));
            builder.Services.AddFlowGrainAggregation(builder.Configuration);
        }

        return builder;
    }
}
