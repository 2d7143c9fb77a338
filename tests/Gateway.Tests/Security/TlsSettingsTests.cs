using System.IO;
using FlowGrain.Gateway.Security;
using FlowGrain.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>The Tls, Http and Cluster:Tls settings: Calico's environment names, and a start-up error for every unusable file.</summary>
public sealed class TlsSettingsTests : IDisposable
{
    private readonly TestCertificates _pki = new();

    [Fact]
    public void Without_certificates_every_port_is_plaintext()
    {
        var settings = GatewayTlsSettings.Read(Configuration());
        Assert.False(settings.Grpc.Enabled);
        Assert.False(settings.Http.Enabled);
    }

    [Fact]
    public void Calicos_environment_names_stand_in_for_the_keys_and_the_keys_win()
    {
        var server = _pki.Server("goldmane");
        var aliased = GatewayTlsSettings.Read(Configuration(
            ("SERVER_CERT_PATH", server.CertificateFile), ("SERVER_KEY_PATH", server.KeyFile), ("CA_CERT_PATH", _pki.CaFile)));
        Assert.Equal(server.CertificateFile, aliased.Grpc.CertificateFile);
        Assert.Equal(server.KeyFile, aliased.Grpc.KeyFile);
        Assert.Equal(_pki.CaFile, aliased.Grpc.ClientCaFile);
        Assert.True(aliased.Grpc.RequiresClientCertificates);

        var other = _pki.Server("flowgrain");
        var keyed = GatewayTlsSettings.Read(Configuration(
            ("SERVER_CERT_PATH", server.CertificateFile), ("SERVER_KEY_PATH", server.KeyFile),
            ("Tls:CertificateFile", other.CertificateFile), ("Tls:KeyFile", other.KeyFile)));
        Assert.Equal(other.CertificateFile, keyed.Grpc.CertificateFile);
        Assert.False(keyed.Grpc.RequiresClientCertificates);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_the_key_and_the_file()
    {
        var server = _pki.Server("goldmane");
        var missing = Path.Combine(_pki.Directory, "nowhere.crt");
        var problem = Refused(("Tls:CertificateFile", missing), ("Tls:KeyFile", server.KeyFile));
        Assert.Contains($"Tls:CertificateFile names {missing}, which does not exist", problem, StringComparison.Ordinal);

        Assert.Contains("Tls:KeyFile is not set", Refused(("Tls:CertificateFile", server.CertificateFile)), StringComparison.Ordinal);
        Assert.Contains("Http:KeyFile names", Refused(("Http:CertificateFile", server.CertificateFile), ("Http:KeyFile", missing)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_what_its_key_says_is_an_error()
    {
        var server = _pki.Server("goldmane");
        var other = _pki.Server("other");
        var garbage = Path.Combine(_pki.Directory, "garbage.pem");
        File.WriteAllText(garbage, "not a certificate");

        Assert.Contains("are not a PEM certificate and its private key",
            Refused(("Tls:CertificateFile", server.CertificateFile), ("Tls:KeyFile", other.KeyFile)), StringComparison.Ordinal);
        Assert.Contains("Tls:ClientCaFile", Refused(("Tls:CertificateFile", server.CertificateFile), ("Tls:KeyFile", server.KeyFile), ("Tls:ClientCaFile", garbage)), StringComparison.Ordinal);
        Assert.Contains("mutual TLS needs the server's certificate too", Refused(("CA_CERT_PATH", _pki.CaFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_TLS_needs_all_three_files_and_says_which_is_wrong()
    {
        var member = _pki.Member("silo");
        var problem = Assert.Throws<OptionsValidationException>(() => ClusterSettings.Read(Configuration(
            ("Cluster:Tls:CertificateFile", member.CertificateFile), ("Cluster:Tls:KeyFile", member.KeyFile)))).Message;
        Assert.Contains("Cluster:Tls:CaFile is not set", problem, StringComparison.Ordinal);

        var settings = ClusterSettings.Read(Configuration(
            ("Cluster:Tls:CertificateFile", member.CertificateFile), ("Cluster:Tls:KeyFile", member.KeyFile), ("Cluster:Tls:CaFile", _pki.CaFile)));
        Assert.True(settings.Cluster.Tls.Enabled);
    }

    public void Dispose() => _pki.Dispose();

    private static string Refused(params (string Key, string Value)[] settings) =>
        Assert.Throws<OptionsValidationException>(() => GatewayTlsSettings.Read(Configuration(settings))).Message;

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
