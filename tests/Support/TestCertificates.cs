using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FlowGrain.Tests.Support;

/// <summary>
/// A throw-away PKI in a temporary directory: a cluster CA, a rogue CA, and certificates they issue as PEM files,
/// the way a Kubernetes secret holds them (certificate, key, CA bundle). ECDSA P-256 keys: quick to make.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly Authority _ca;
    private readonly Authority _rogue;

    public TestCertificates()
    {
        Directory = Path.Combine(Path.GetTempPath(), "flowgrain-pki-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        _ca = new Authority("FlowGrain Test CA");
        _rogue = new Authority("Rogue CA");
        CaFile = Write("ca.crt", _ca.Certificate.ExportCertificatePem());
        RogueCaFile = Write("rogue-ca.crt", _rogue.Certificate.ExportCertificatePem());
    }

    public string Directory { get; }

    /// <summary>PEM of the trusted CA.</summary>
    public string CaFile { get; }

    /// <summary>PEM of a CA nobody trusts.</summary>
    public string RogueCaFile { get; }

    public X509Certificate2 CaCertificate => _ca.Certificate;

    /// <summary>A server certificate of the trusted CA for these DNS names (and 127.0.0.1), as Calico's operator makes goldmane's.</summary>
    public IssuedCertificate Server(string name, params string[] dnsNames) =>
        Issue(name, _ca, dnsNames.Length == 0 ? [name] : dnsNames, serverAuth: true, clientAuth: false);

    /// <summary>A client certificate of the trusted CA with this common name (and optionally DNS names), as Felix presents.</summary>
    public IssuedCertificate Client(string commonName, params string[] dnsNames) => Issue(commonName, _ca, dnsNames, serverAuth: false, clientAuth: true);

    /// <summary>A certificate for client and server use, as every member of an Orleans cluster needs.</summary>
    public IssuedCertificate Member(string name) => Issue(name, _ca, [name], serverAuth: true, clientAuth: true);

    /// <summary>A client certificate issued by the rogue CA.</summary>
    public IssuedCertificate RogueClient(string commonName) => Issue(commonName, _rogue, [], serverAuth: false, clientAuth: true);

    /// <summary>A cluster-member certificate issued by the rogue CA.</summary>
    public IssuedCertificate RogueMember(string name) => Issue(name, _rogue, [name], serverAuth: true, clientAuth: true);

    public void Dispose()
    {
        _ca.Dispose();
        _rogue.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process that is going away; the temporary directory is cleaned eventually.
        }
    }

    private IssuedCertificate Issue(string commonName, Authority issuer, string[] dnsNames, bool serverAuth, bool clientAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(commonName.Length == 0 ? "O=FlowGrain tests" : $"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection();
        if (serverAuth) usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        if (clientAuth) usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames) names.AddDnsName(dns);
        if (serverAuth) names.AddIpAddress(IPAddress.Loopback);
        if (dnsNames.Length > 0 || serverAuth) request.CertificateExtensions.Add(names.Build());

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(issuer.Certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2), serial);
        var stem = $"{(commonName.Length == 0 ? "unnamed" : commonName)}-{Convert.ToHexString(serial)[..8]}";
        var certificateFile = Write(stem + ".crt", issued.ExportCertificatePem());
        var keyFile = Write(stem + ".key", key.ExportPkcs8PrivateKeyPem());
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        return new IssuedCertificate(certificateFile, keyFile, X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, pem);
        return path;
    }

    private sealed class Authority : IDisposable
    {
        public Authority(string name)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        }

        public X509Certificate2 Certificate { get; }

        public void Dispose() => Certificate.Dispose();
    }
}

/// <summary>A certificate's PEM files and the certificate itself with its key (for clients that present it).</summary>
public sealed record IssuedCertificate(string CertificateFile, string KeyFile, X509Certificate2 Certificate);
