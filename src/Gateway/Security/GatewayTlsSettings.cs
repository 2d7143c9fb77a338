using FlowGrain.Hosting.Security;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// The "Tls" and "Http" sections, read and checked when the gateway is composed (Kestrel's endpoints are): a missing
/// or unusable file stops the start with a line naming the key and the file.
/// </summary>
public sealed record GatewayTlsSettings(TlsOptions Grpc, HttpTlsOptions Http)
{
    public static GatewayTlsSettings Read(IConfiguration configuration)
    {
        var grpc = TlsOptions.Read(configuration);
        var http = configuration.GetSection(HttpTlsOptions.SectionName).Get<HttpTlsOptions>() ?? new();
        var problems = new List<string>();
        if (grpc.ReloadInterval < TimeSpan.FromMilliseconds(100)) problems.Add("Tls:ReloadInterval must be at least 100 ms.");
        if (grpc.RequiresClientCertificates && !grpc.Enabled)
        {
            problems.Add("Tls:ClientCaFile (CA_CERT_PATH) is set but Tls:CertificateFile and Tls:KeyFile are not: mutual TLS needs the server's certificate too.");
        }

        if (grpc.Enabled) SecretFileException.Collect(problems, () => LoadGrpc(grpc));
        if (http.Enabled) SecretFileException.Collect(problems, () => LoadHttp(http));
        if (problems.Count > 0) throw new OptionsValidationException(TlsOptions.SectionName, typeof(TlsOptions), problems);
        return new GatewayTlsSettings(grpc, http);
    }

    internal static PortCertificates LoadGrpc(TlsOptions options) => new(
        PemFiles.LoadCertificate(options.CertificateFile ?? "", options.KeyFile ?? "", "Tls:CertificateFile", "Tls:KeyFile"),
        options.RequiresClientCertificates ? PemFiles.LoadAuthorities(options.ClientCaFile!, "Tls:ClientCaFile") : null);

    internal static PortCertificates LoadHttp(HttpTlsOptions options) => new(
        PemFiles.LoadCertificate(options.CertificateFile ?? "", options.KeyFile ?? "", "Http:CertificateFile", "Http:KeyFile"), ClientAuthorities: null);
}
