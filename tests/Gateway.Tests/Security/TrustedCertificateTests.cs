using System.IO;
using System.Text.Json;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>
/// Calico's console backend queries over mutual TLS with its certificate and no token: allowed (every namespace)
/// when Auth:TrustedClientCertificates names it. Nodes keep reporting with their certificates alone.
/// </summary>
public sealed class TrustedCertificateTests
{
    [Fact]
    public async Task A_listed_certificate_queries_everything_an_unlisted_one_needs_a_token_and_nodes_report_without_one()
    {
        using var pki = new TestCertificates();
        var server = pki.Server("goldmane", TlsChannels.CalicoServiceName);
        var tokens = Path.Combine(pki.Directory, "tokens.json");
        File.WriteAllText(tokens, JsonSerializer.Serialize(new[] { new { name = "team", token = "team-token-0123456789", namespaces = new[] { "x" } } }));
        await using var gateway = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch), settings: new Dictionary<string, string?>
        {
            ["SERVER_CERT_PATH"] = server.CertificateFile,
            ["SERVER_KEY_PATH"] = server.KeyFile,
            ["CA_CERT_PATH"] = pki.CaFile,
            ["Auth:Mode"] = "Bearer",
            ["Auth:TokensFile"] = tokens,
            ["Auth:TrustedClientCertificates:0"] = "whisker-backend",
        });

        var ns = Names.Unique("trusted");
        using (var node = TlsChannels.Felix(gateway.GrpcPort, pki.CaCertificate, pki.Client("node-1").Certificate))
        {
            using var call = new FlowCollector.FlowCollectorClient(node).Connect();
            await call.RequestStream.WriteAsync(Update(ns, "a", ns, "b", gateway.Now - 20, bytesIn: 5));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            await call.RequestStream.CompleteAsync();
        }

        await gateway.DrainAsync();
        using var backend = TlsChannels.Felix(gateway.GrpcPort, pki.CaCertificate, pki.Client("whisker-backend").Certificate);
        Assert.Equal(5, await BytesInAsync(backend, ns, headers: null));

        using var other = TlsChannels.Felix(gateway.GrpcPort, pki.CaCertificate, pki.Client("node-1").Certificate);
        var refused = await Assert.ThrowsAsync<RpcException>(() => BytesInAsync(other, ns, headers: null));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        // With a token, the token's namespaces decide: "x" only.
        Assert.Equal(0, await BytesInAsync(other, ns, new Metadata { { "authorization", "Bearer team-token-0123456789" } }));
    }

    private static async Task<long> BytesInAsync(GrpcChannel channel, string ns, Metadata? headers)
    {
        var result = await new Flows.FlowsClient(channel).ListAsync(new FlowListRequest { Filter = new Filter { SourceNamespaces = { Exact(ns) } } }, headers);
        return result.Flows.Sum(f => f.Flow.BytesIn);
    }
}
