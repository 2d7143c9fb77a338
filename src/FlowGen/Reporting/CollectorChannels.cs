using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;

namespace FlowGrain.FlowGen.Reporting;

/// <summary>
/// Channels to the collector as Felix dials them: plaintext, or TLS 1.2+ verifying the server for the host in the
/// target against the CA of --ca-file, presenting the client certificate of --cert-file / --key-file.
/// </summary>
public static class CollectorChannels
{
    public static GrpcChannel Create(Uri target, FlowGenOptions options)
    {
        if (!options.UsesTls && options.Token is null) return GrpcChannel.ForAddress(target);
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (options.UsesTls)
        {
            var ssl = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 };
            if (options.CaFile is { } caFile)
            {
                var authorities = new X509Certificate2Collection();
                authorities.ImportFromPemFile(caFile);
                ssl.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
                ssl.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
            }

            if (options.CertificateFile is { } certificateFile)
            {
                using var pem = X509Certificate2.CreateFromPemFile(certificateFile, options.KeyFile);
                ssl.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
            }

            handler.SslOptions = ssl;
        }

        var channel = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true };
        if (options.Token is { } token)
        {
            channel.Credentials = ChannelCredentials.Create(options.UsesTls ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
                CallCredentials.FromInterceptor((_, metadata) =>
                {
                    metadata.Add("authorization", "Bearer " + token);
                    return Task.CompletedTask;
                }));
            // A token over plaintext is the operator's choice (e.g. loopback); the client library asks for it explicitly.
            channel.UnsafeUseInsecureChannelCallCredentials = !options.UsesTls;
        }

        return GrpcChannel.ForAddress(target, channel);
    }
}
