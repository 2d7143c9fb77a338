using System.Net;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FlowGrain.Gateway.Extensions;

/// <summary>Kestrel endpoints: gRPC on its own HTTP/2 port (Calico's 7443), HTTP on 8081, as Calico's components use them; each with TLS when configured.</summary>
public static class EndpointExtensions
{
    /// <summary>How long a client may take to finish the TLS handshake before the connection is closed.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public static WebApplicationBuilder AddFlowGrainEndpoints(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var tls = GatewayTlsSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(tls);
        builder.AddFlowGrainAuthentication(tls);
        builder.Services.AddSingleton<SecurityMetrics>();
        builder.Services.AddSingleton<GatewayCertificates>();

        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var certificates = kestrel.ApplicationServices.GetRequiredService<GatewayCertificates>();
            Listen(kestrel, options.ListenAddress, options.GrpcPort, HttpProtocols.Http2, certificates.Grpc);
            Listen(kestrel, options.ListenAddress, options.HttpPort, HttpProtocols.Http1, certificates.Http);
        });
        return builder;
    }

    private static void Listen(KestrelServerOptions kestrel, string address, int port, HttpProtocols protocols, PortTls? tls)
    {
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (tls is null) return;
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                OnConnection = _ => ValueTask.FromResult(tls.ForConnection()),
                HandshakeTimeout = HandshakeTimeout,
            });
        }

        if (address == "*")
        {
            kestrel.ListenAnyIP(port, Configure);
        }
        else if (IPAddress.TryParse(address, out var ip))
        {
            kestrel.Listen(ip, port, Configure);
        }
        else
        {
            throw new InvalidOperationException($"Gateway:ListenAddress must be \"*\" or an IP address, got \"{address}\".");
        }
    }
}
