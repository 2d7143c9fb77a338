using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime.Messaging;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>Cluster:Tls: a client gateway reaches the silo only with a certificate of the cluster's CA.</summary>
public sealed class ClusterTlsTests
{
    [Fact]
    public async Task A_client_gateway_with_a_member_certificate_joins_and_one_from_another_CA_cannot()
    {
        using var pki = new TestCertificates();
        var time = new FakeTimeProvider(GatewayFixture.Epoch);
        await using var silo = await GatewayHost.StartAsync(time, clusterId: "tls-cluster", settings: Member(pki.Member("silo-0"), pki.CaFile));
        await using var client = await GatewayHost.StartAsync(time, joinSiloGatewayPort: silo.SiloGatewayPort, clusterId: "tls-cluster",
            settings: Member(pki.Member("gateway-0"), pki.CaFile));

        var ns = Names.Unique("cluster-tls");
        await NodeClient.ReportAsync(client, "node-1", Update(ns, "a-*", ns, "b-*", client.Now - 20, bytesIn: 42));
        await client.DrainAsync();
        var listed = await new Flows.FlowsClient(silo.Channel).ListAsync(new FlowListRequest { Filter = new Filter { SourceNamespaces = { Exact(ns) } } });
        Assert.Equal(42, listed.Flows.Sum(f => f.Flow.BytesIn));

        var rogue = Member(pki.RogueMember("intruder"), pki.CaFile);
        rogue["Cluster:StartupTimeout"] = "00:00:03";
        // It trusts the silo (same CA file), but the silo does not trust its certificate.
        await Assert.ThrowsAsync<ConnectionFailedException>(() => GatewayHost.StartAsync(time, joinSiloGatewayPort: silo.SiloGatewayPort, clusterId: "tls-cluster", settings: rogue));

        // Plaintext cannot join a TLS cluster either.
        await Assert.ThrowsAsync<ConnectionFailedException>(() => GatewayHost.StartAsync(time, joinSiloGatewayPort: silo.SiloGatewayPort, clusterId: "tls-cluster",
            settings: new Dictionary<string, string?> { ["Cluster:StartupTimeout"] = "00:00:03" }));
    }

    private static Dictionary<string, string?> Member(IssuedCertificate certificate, string caFile) => new()
    {
        ["Cluster:Tls:CertificateFile"] = certificate.CertificateFile,
        ["Cluster:Tls:KeyFile"] = certificate.KeyFile,
        ["Cluster:Tls:CaFile"] = caFile,
    };
}
