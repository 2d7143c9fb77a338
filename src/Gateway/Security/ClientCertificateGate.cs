using FlowGrain.Gateway.Observability;
using Grpc.Core;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// With mutual TLS on the gRPC port, a request over a connection that presented no client certificate is refused
/// with a reason the client can read (gRPC Unauthenticated, or 401 for plain HTTP), before it reaches any service.
/// Certificates from other CAs never get this far: the handshake refuses them.
/// </summary>
public static class ClientCertificateGate
{
    public const string Message = "this port requires mutual TLS: present a client certificate signed by a CA in Tls:ClientCaFile";

    public static WebApplication UseClientCertificateGate(this WebApplication app)
    {
        var certificates = app.Services.GetRequiredService<GatewayCertificates>();
        if (certificates.Grpc is not { RequiresClientCertificates: true }) return app;

        var grpcPort = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.GatewayOptions>>().Value.GrpcPort;
        var metrics = app.Services.GetRequiredService<SecurityMetrics>();
        app.Use(async (context, next) =>
        {
            if (context.Connection.LocalPort != grpcPort || context.Connection.ClientCertificate is not null)
            {
                await next(context);
                return;
            }

            metrics.ClientCertificateRejected("missing");
            if (ApiRequests.IsGrpc(context.Request))
            {
                GrpcRefusal.Write(context.Response, StatusCode.Unauthenticated, Message);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync(Message);
        });
        return app;
    }
}
