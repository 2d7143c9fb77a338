using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace FlowGrain.Hosting.Security;

/// <summary>A certificate with its private key and the intermediates sent with it in the handshake.</summary>
public sealed class ServingCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates)
{
    public X509Certificate2 Certificate { get; } = certificate;

    public X509Certificate2Collection Intermediates { get; } = intermediates;

    /// <summary>Built once per load: the context SslStream sends, chain included, without fetching anything online.</summary>
    public SslStreamCertificateContext Context { get; } = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
}
