using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using FlowGrain.Gateway.Tests.Infrastructure;
using Grpc.Net.Client;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>
/// gRPC channels configured as Calico's Go clients are: TLS 1.2 or newer, a client certificate, the server verified
/// against one CA for the host name dialled (e.g. goldmane.calico-system.svc), which here resolves to loopback.
/// </summary>
public static class TlsChannels
{
    public const string CalicoServiceName = "goldmane.calico-system.svc";

    public static GrpcChannel Felix(int port, X509Certificate2 trustedCa, X509Certificate2? clientCertificate,
        string host = CalicoServiceName, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13, Action<X509Certificate2>? serverSeen = null,
        IPAddress? source = null) =>
        GrpcChannel.ForAddress($"https://{host}:{port}", new GrpcChannelOptions
        {
            HttpHandler = Handler(trustedCa, clientCertificate, protocols, serverSeen, source),
            DisposeHttpClient = true,
        });

    /// <summary>
    /// An HTTP handler that dials loopback whatever the host name and trusts only <paramref name="trustedCa"/>;
    /// its connections come from <paramref name="source"/> (127.0.0.2, …: another node on this machine) when given.
    /// </summary>
    public static SocketsHttpHandler Handler(X509Certificate2 trustedCa, X509Certificate2? clientCertificate,
        SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13, Action<X509Certificate2>? serverSeen = null, IPAddress? source = null) => new()
    {
        ConnectCallback = (context, cancellation) => LoopbackSockets.ConnectAsync(context.DnsEndPoint.Port, source, cancellation),
        SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = protocols,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { trustedCa },
                RevocationMode = X509RevocationMode.NoCheck,
            },
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is X509Certificate2 server) serverSeen?.Invoke(server);
                return errors == SslPolicyErrors.None;
            },
        },
    };
}
