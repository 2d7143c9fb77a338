namespace FlowGrain.Gateway.Security;

/// <summary>HTTPS on the HTTP port 8081 (configuration section "Http"): console, HTTP API, /metrics and health over TLS when set.</summary>
public sealed class HttpTlsOptions
{
    public const string SectionName = "Http";

    /// <summary>PEM server certificate, with its chain after it.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile) || !string.IsNullOrWhiteSpace(KeyFile);
}
