using System.Net.Security;
using FlowGrain.Gateway.Observability;

namespace FlowGrain.Gateway.Security;

/// <summary>The TLS of the gateway's two ports, each present only when configured (plaintext otherwise).</summary>
public sealed class GatewayCertificates : IDisposable
{
    public GatewayCertificates(GatewayTlsSettings settings, TimeProvider time, ILogger<GatewayCertificates> logger, SecurityMetrics metrics)
    {
        var grpc = settings.Grpc;
        if (grpc.Enabled)
        {
            string[] paths = [grpc.CertificateFile!, grpc.KeyFile!, .. grpc.RequiresClientCertificates ? [grpc.ClientCaFile!] : Array.Empty<string>()];
            Grpc = new PortTls("grpc", paths, () => GatewayTlsSettings.LoadGrpc(grpc), SslApplicationProtocol.Http2, grpc.ReloadInterval, time, logger, metrics);
        }

        if (settings.Http.Enabled)
        {
            var http = settings.Http;
            Http = new PortTls("http", [http.CertificateFile!, http.KeyFile!], () => GatewayTlsSettings.LoadHttp(http),
                SslApplicationProtocol.Http11, grpc.ReloadInterval, time, logger, metrics);
        }
    }

    /// <summary>TLS of the gRPC port (7443), or null for plaintext.</summary>
    internal PortTls? Grpc { get; }

    /// <summary>TLS of the HTTP port (8081), or null for plaintext.</summary>
    internal PortTls? Http { get; }

    public void Dispose()
    {
        Grpc?.Dispose();
        Http?.Dispose();
    }
}
