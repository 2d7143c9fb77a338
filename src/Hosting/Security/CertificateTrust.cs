using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FlowGrain.Hosting.Security;

/// <summary>Whether a peer's certificate chains to one of our own authorities (never the machine's trust store).</summary>
public static class CertificateTrust
{
    /// <summary>Extended key usage of a TLS client certificate.</summary>
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Extended key usage of a TLS server certificate.</summary>
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>
    /// True when <paramref name="certificate"/> is valid now and chains to <paramref name="authorities"/> for
    /// <paramref name="usage"/> (any when null; a certificate without an extended key usage is valid for any, as in Go's TLS).
    /// Revocation is not checked: Calico's certificates carry no CRL or OCSP location.
    /// </summary>
    public static bool IsTrusted(X509Certificate2 certificate, X509Certificate2Collection authorities, Oid? usage, X509Certificate2Collection? presentedChain = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (usage is not null) chain.ChainPolicy.ApplicationPolicy.Add(usage);
        if (presentedChain is not null) chain.ChainPolicy.ExtraStore.AddRange(presentedChain);
        return chain.Build(certificate);
    }

    /// <summary>What the peer sent besides its own certificate, as the TLS stack chained it: candidates for intermediates, never trusted by themselves.</summary>
    public static X509Certificate2Collection? Intermediates(X509Chain? chain) =>
        chain is null ? null : [.. chain.ChainElements.Skip(1).Select(element => element.Certificate)];

    /// <summary>The name a certificate identifies: its subject's common name, else its first DNS name.</summary>
    public static string? NameOf(X509Certificate2 certificate)
    {
        foreach (var part in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (part.GetSingleElementType().Value == "2.5.4.3" && part.GetSingleElementValue() is { Length: > 0 } commonName) return commonName;
        }

        return certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(san => san.EnumerateDnsNames()).FirstOrDefault();
    }
}
