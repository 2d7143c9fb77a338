using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Orleans.Connections.Security;

namespace FlowGrain.Hosting.Security;

/// <summary>
/// The certificate and CA of the cluster's own connections (Cluster:Tls:*). Orleans captures its TLS options when the
/// host is composed, so they call back here for the current files, which <see cref="StartReloading"/> keeps fresh.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    private const string Section = "Cluster:Tls:";

    private readonly ClusterTlsOptions _options;
    private readonly ClusterFiles _loaded;
    private ReloadingFiles<ClusterFiles>? _reloading;

    public ClusterCertificates(ClusterTlsOptions options)
    {
        _options = options;
        _loaded = Load(options);
    }

    private ClusterFiles Current => _reloading?.Current ?? _loaded;

    /// <summary>Adds what is wrong with the Cluster:Tls settings (a missing key, a file that does not load) to <paramref name="problems"/>.</summary>
    public static void Check(ClusterTlsOptions options, List<string> problems)
    {
        if (!options.Enabled) return;
        if (options.ReloadInterval < TimeSpan.FromMilliseconds(100)) problems.Add($"{Section}ReloadInterval must be at least 100 ms.");
        try
        {
            Load(options);
        }
        catch (SecretFileException ex)
        {
            problems.Add(ex.Message + " Cluster TLS needs all of Cluster:Tls:CertificateFile, KeyFile and CaFile.");
        }
    }

    /// <summary>Checks the files for rotations from now on, logging what it does.</summary>
    public void StartReloading(TimeProvider time, ILogger logger) =>
        _reloading ??= new ReloadingFiles<ClusterFiles>("cluster TLS certificate", [_options.CertificateFile!, _options.KeyFile!, _options.CaFile!],
            () => Load(_options), _options.ReloadInterval, time, logger);

    /// <summary>Both directions of every cluster connection: present ours, require theirs, trust only our CA.</summary>
    public void Configure(TlsOptions tls)
    {
        // The certificate of the start (Orleans insists on one); the selectors below serve the latest rotation.
        tls.LocalCertificate = _loaded.Certificate.Certificate;
        tls.LocalServerCertificateSelector = (_, _) => Current.Certificate.Certificate;
        tls.LocalClientCertificateSelector = (_, _, _, _, _) => Current.Certificate.Certificate;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        // Peers are dialled by address (pod IPs come and go), so the name is not checked; membership of our CA is.
        tls.RemoteCertificateValidation = (certificate, chain, _) =>
            certificate is not null && CertificateTrust.IsTrusted(certificate, Current.Authorities, usage: null, CertificateTrust.Intermediates(chain));
    }

    public void Dispose() => _reloading?.Dispose();

    private static ClusterFiles Load(ClusterTlsOptions options) => new(
        PemFiles.LoadCertificate(options.CertificateFile ?? "", options.KeyFile ?? "", Section + "CertificateFile", Section + "KeyFile"),
        PemFiles.LoadAuthorities(options.CaFile ?? "", Section + "CaFile"));

    private sealed record ClusterFiles(ServingCertificate Certificate, X509Certificate2Collection Authorities);
}
