
namespace FlowGrain.Gateway.Security;

/// <summary>
/// TLS of the gRPC port 7443 (configuration section "Tls"), as Calico's aggregator does it: a server certificate, and
/// with a CA bundle, mutual TLS (every client presents a certificate signed by it). Calico's environment names
/// (<c>SERVER_CERT_PATH</c>, <c>SERVER_KEY_PATH</c>, <c>CA_CERT_PATH</c>) are read when the keys are not set.
/// </summary>
public sealed class TlsOptions
{
    public const string SectionName = "Tls";

    /// <summary>PEM server certificate, with its chain after it.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>PEM bundle of the CAs whose client certificates are accepted; when set, clients must present one.</summary>
    public string? ClientCaFile { get; set; }

    /// <summary>
    /// What names a reporting node under mutual TLS: the certificate alone (each node has its own), or with the peer
    /// address or the node-name header when nodes share one certificate (as Calico's node-certs secret is shared).
    /// </summary>
    public Collector.CertificateNodeIdentity NodeIdentity { get; set; } = Collector.CertificateNodeIdentity.Certificate;

    /// <summary>How often the certificate files (these and the HTTP port's) are checked for a rotation.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile) || !string.IsNullOrWhiteSpace(KeyFile);

    public bool RequiresClientCertificates => !string.IsNullOrWhiteSpace(ClientCaFile);

    /// <summary>The section with Calico's environment names filling what it leaves unset.</summary>
    public static TlsOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<TlsOptions>() ?? new();
        options.CertificateFile = Fallback(options.CertificateFile, configuration["SERVER_CERT_PATH"]);
        options.KeyFile = Fallback(options.KeyFile, configuration["SERVER_KEY_PATH"]);
        options.ClientCaFile = Fallback(options.ClientCaFile, configuration["CA_CERT_PATH"]);
        return options;
    }

    private static string? Fallback(string? value, string? alias) => string.IsNullOrWhiteSpace(value) ? NullIfBlank(alias) : value;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
