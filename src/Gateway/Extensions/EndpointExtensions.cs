using System.Net;
using FlowGrain.Gateway.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FlowGrain.Gateway.Extensions;

/// <summary>Kestrel endpoints: gRPC on its own HTTP/2 port (Calico's 7443), HTTP on 8081, as Calico's components use them.</summary>
public static class EndpointExtensions
{
    public static WebApplicationBuilder AddFlowGrainEndpoints(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, options.ListenAddress, options.GrpcPort, HttpProtocols.Http2);
            Listen(kestrel, options.ListenAddress, options.HttpPort, HttpProtocols.Http1);
        });
        return builder;
    }

    private static void Listen(KestrelServerOptions kestrel, string address, int port, HttpProtocols protocols)
    {
        if (address == "*")
        {
            kestrel.ListenAnyIP(port, listen => listen.Protocols = protocols);
        }
        else if (IPAddress.TryParse(address, out var ip))
        {
            kestrel.Listen(ip, port, listen => listen.Protocols = protocols);
        }
        else
        {
            throw new InvalidOperationException($"Gateway:ListenAddress must be \"*\" or an IP address, got \"{address}\".");
        }
    }
}
