using FlowGrain.Gateway.Extensions;

namespace FlowGrain.Gateway;

/// <summary>Composes the gateway; tests build it the same way, with their own configuration on top.</summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(CommandLineSwitches.Expand(args));
        customize?.Invoke(builder);
        builder.AddFlowGrainCluster();
        builder.AddFlowGrainEndpoints();
        builder.Services.AddFlowGrainGateway(builder.Configuration);
        builder.AddFlowGrainConsole();

        var app = builder.Build();
        app.MapFlowGrainGateway();
        app.MapFlowGrainConsole();
        return app;
    }
}
