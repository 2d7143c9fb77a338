using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FlowGrain.Hosting.Security;

/// <summary>PEM files as Kubernetes secrets hold them (tls.crt, tls.key, ca.crt): a certificate with its key and chain, or a CA bundle.</summary>
public static class PemFiles
{
    /// <summary>Loads a certificate (the first in <paramref name="certificateFile"/>, the rest its chain) and its private key.</summary>
    public static ServingCertificate LoadCertificate(string certificateFile, string keyFile, string certificateSetting, string keySetting)
    {
        RequireFile(certificateFile, certificateSetting);
        RequireFile(keyFile, keySetting);
        X509Certificate2 leaf;
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            // Re-imported so the private key is a persisted one, which SslStream can use on every platform.
            leaf = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // ArgumentException: a key that belongs to another certificate (a rotation caught half-way).
            throw new SecretFileException(
                $"{certificateSetting} ({certificateFile}) and {keySetting} ({keyFile}) are not a PEM certificate and its private key: {ex.Message}", ex);
        }

        var chain = ReadAll(certificateFile, certificateSetting);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in chain.Skip(1)) intermediates.Add(certificate);
        return new ServingCertificate(leaf, intermediates);
    }

    /// <summary>Loads every certificate of a CA bundle; an empty bundle is an error, not "trust nothing".</summary>
    public static X509Certificate2Collection LoadAuthorities(string caFile, string setting)
    {
        RequireFile(caFile, setting);
        var authorities = ReadAll(caFile, setting);
        if (authorities.Count == 0) throw new SecretFileException($"{setting} ({caFile}) holds no PEM certificate.");
        return authorities;
    }

    private static X509Certificate2Collection ReadAll(string file, string setting)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(file);
        }
        catch (CryptographicException ex)
        {
            throw new SecretFileException($"{setting} ({file}) is not a PEM certificate file: {ex.Message}", ex);
        }

        return certificates;
    }

    private static void RequireFile(string path, string setting)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new SecretFileException($"{setting} is not set.");
        if (!File.Exists(path)) throw new SecretFileException($"{setting} names {path}, which does not exist.");
    }
}
