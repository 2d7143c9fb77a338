using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using FlowGrain.Gateway.Observability;
using FlowGrain.Hosting.Security;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// The TLS of one port, decided per connection so that a rotated certificate or CA bundle is used by the next
/// handshake: TLS 1.2 or 1.3, the current certificate with its chain, and for mutual TLS a client certificate checked
/// against the current CA bundle only (never the machine's trust store).
/// </summary>
internal sealed class PortTls : IDisposable
{
    private readonly ReloadingFiles<PortCertificates> _files;
    private readonly SslApplicationProtocol _protocol;
    private readonly SecurityMetrics _metrics;

    public PortTls(string name, IEnumerable<string> paths, Func<PortCertificates> load, SslApplicationProtocol protocol,
        TimeSpan reloadInterval, TimeProvider time, ILogger logger, SecurityMetrics metrics)
    {
        _protocol = protocol;
        _metrics = metrics;
        metrics.CertificateWatched(name);
        _files = new ReloadingFiles<PortCertificates>($"{name} port certificate", paths, load, reloadInterval, time, logger,
            loaded => metrics.CertificateReloaded(name, loaded));
        if (RequiresClientCertificates) metrics.ClientCertificatesRequired();
    }

    public bool RequiresClientCertificates => _files.Current.ClientAuthorities is not null;

    /// <summary>The files behind this port, for tests that rotate them and do not want to wait for the next look.</summary>
    public ReloadingFiles<PortCertificates> Files => _files;

    public SslServerAuthenticationOptions ForConnection()
    {
        var current = _files.Current;
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = current.Certificate.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ApplicationProtocols = [_protocol],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificateRequired = current.ClientAuthorities is not null,
            RemoteCertificateValidationCallback = current.ClientAuthorities is { } authorities
                ? (_, certificate, chain, _) => Accept(certificate, chain, authorities)
                : null,
        };
    }

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// A client without a certificate passes the handshake and is refused per request with a message it can read;
    /// one with a certificate our CAs did not sign is refused here.
    /// </summary>
    private bool Accept(X509Certificate? certificate, X509Chain? chain, X509Certificate2Collection authorities)
    {
        if (certificate is null) return true;
        var presented = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var trusted = CertificateTrust.IsTrusted(presented, authorities, CertificateTrust.ClientAuthentication, CertificateTrust.Intermediates(chain));
        if (!trusted) _metrics.ClientCertificateRejected("untrusted");
        return trusted;
    }
}
