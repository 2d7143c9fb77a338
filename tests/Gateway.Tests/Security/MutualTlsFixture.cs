using System.IO;
using FlowGrain.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>A gateway whose gRPC port speaks mutual TLS with a test CA, as Calico's aggregator does with goldmane-key-pair.</summary>
public sealed class MutualTlsFixture : IAsyncLifetime
{
    public TestCertificates Pki { get; } = new();

    public FakeTimeProvider Time { get; } = new(GatewayFixture.Epoch);

    public GatewayHost Gateway { get; private set; } = null!;

    /// <summary>The server certificate the gateway started with (goldmane's name, as Calico's operator issues it).</summary>
    public IssuedCertificate Server { get; private set; } = null!;

    /// <summary>Where the gateway reads its server certificate and key: tests rotate them by rewriting these files.</summary>
    public string CertificateFile => Path.Combine(Pki.Directory, "served.crt");

    public string KeyFile => Path.Combine(Pki.Directory, "served.key");

    public async Task InitializeAsync()
    {
        Server = Pki.Server("goldmane", TlsChannels.CalicoServiceName, "goldmane", "localhost");
        File.Copy(Server.CertificateFile, CertificateFile);
        File.Copy(Server.KeyFile, KeyFile);
        Gateway = await GatewayHost.StartAsync(Time, settings: new Dictionary<string, string?>
        {
            ["Tls:CertificateFile"] = CertificateFile,
            ["Tls:KeyFile"] = KeyFile,
            ["Tls:ClientCaFile"] = Pki.CaFile,
            // The reload timer runs on real time; tests also trigger a look themselves.
            ["Tls:ReloadInterval"] = "00:00:00.2",
        });
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Pki.Dispose();
    }
}
