using System.Net;
using FlowGrain.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>One client certificate reporting from two addresses (Calico's shared node-certs) is warned about, once.</summary>
public sealed class SharedCertificateTests : IDisposable
{
    private readonly TestCertificates _pki = new();

    [Fact]
    public async Task A_certificate_that_reports_from_two_addresses_logs_one_warning_naming_both_and_the_fix()
    {
        var server = _pki.Server("goldmane", TlsChannels.CalicoServiceName);
        await using var gateway = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch),
            settings: new Dictionary<string, string?>
            {
                ["Tls:CertificateFile"] = server.CertificateFile,
                ["Tls:KeyFile"] = server.KeyFile,
                ["Tls:ClientCaFile"] = _pki.CaFile,
            },
            services: services => services.AddFakeLogging());
        var shared = _pki.Client("calico-node");
        var ns = Names.Unique("shared");

        foreach (var source in new[] { "127.0.0.1", "127.0.0.2", "127.0.0.2", "127.0.0.3" })
        {
            using var channel = TlsChannels.Felix(gateway.GrpcPort, _pki.CaCertificate, shared.Certificate, source: IPAddress.Parse(source));
            await MutualTlsTests.ReportAsync(channel, Update(ns, "a-*", ns, "b-*", gateway.Now - 20));
        }

        var warnings = gateway.Services.GetRequiredService<FakeLogCollector>().GetSnapshot()
            .Where(record => record.Message.Contains("reports from", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("calico-node", warning.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.2", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Tls:NodeIdentity", warning.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _pki.Dispose();
}
