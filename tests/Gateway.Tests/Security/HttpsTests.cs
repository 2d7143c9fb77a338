using System.Net.Http;
using FlowGrain.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>With Http:CertificateFile the HTTP port (console, HTTP API, /metrics, health) speaks only HTTPS.</summary>
public sealed class HttpsTests
{
    [Fact]
    public async Task The_HTTP_port_serves_the_API_over_TLS_and_refuses_plaintext()
    {
        using var pki = new TestCertificates();
        var server = pki.Server("flowgrain-console", "flowgrain.example");
        await using var gateway = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch), settings: new Dictionary<string, string?>
        {
            ["Http:CertificateFile"] = server.CertificateFile,
            ["Http:KeyFile"] = server.KeyFile,
        });

        using var https = new HttpClient(TlsChannels.Handler(pki.CaCertificate, clientCertificate: null));
        using var health = await https.GetAsync(new Uri($"https://flowgrain.example:{gateway.HttpPort}/healthz"));
        Assert.True(health.IsSuccessStatusCode);
        using var flows = await https.GetAsync(new Uri($"https://flowgrain.example:{gateway.HttpPort}/whisker-backend/flows?startTimeGte=-60"));
        Assert.True(flows.IsSuccessStatusCode, await flows.Content.ReadAsStringAsync());

        using var plain = new HttpClient();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}/healthz")));
    }
}
