using System.IO;
using System.Security.Authentication;
using FlowGrain.Gateway.Collector;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Security;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>
/// The gRPC port with a CA set, judged by a client configured like Felix and Calico's console backend: TLS 1.2+,
/// a client certificate, the server verified for the name dialled (goldmane.calico-system.svc) against one CA.
/// </summary>
public sealed class MutualTlsTests(MutualTlsFixture fixture) : IClassFixture<MutualTlsFixture>
{
    private GatewayHost Gateway => fixture.Gateway;

    private TestCertificates Pki => fixture.Pki;

    [Fact]
    public async Task A_Felix_style_client_reports_and_queries_and_is_identified_by_its_certificate_not_a_header()
    {
        var ns = Names.Unique("mtls");
        var node = Pki.Client("node-7");
        var update = Update(ns, "a-*", ns, "b-*", Gateway.Now - 20, bytesIn: 100);

        // Two streams claiming two node names over one certificate: the certificate names the node, so the second
        // is the same node's replay and is not counted again. TLS 1.2 only, as Felix's Go client may negotiate.
        foreach (var claimed in new[] { "node-a", "node-b" })
        {
            using var channel = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, node.Certificate, protocols: SslProtocols.Tls12);
            await ReportAsync(channel, update, new Metadata { { NodeIdentity.NodeHeader, claimed } });
        }

        await Gateway.DrainAsync();
        using var console = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, Pki.Client("whisker-backend").Certificate);
        Assert.Equal(100, await BytesInAsync(console, ns));

        // Another node's certificate is another reporter: its copy of the flow counts.
        using (var other = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, Pki.Client("node-8").Certificate))
        {
            await ReportAsync(other, update);
        }

        await Gateway.DrainAsync();
        Assert.Equal(200, await BytesInAsync(console, ns));
    }

    [Fact]
    public async Task A_certificate_with_only_a_DNS_name_is_identified_by_it()
    {
        var ns = Names.Unique("mtls-san");
        var update = Update(ns, "a-*", ns, "b-*", Gateway.Now - 20, bytesIn: 10);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var channel = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, Pki.Client("", "node-9.example").Certificate);
            await ReportAsync(channel, update);
        }

        await Gateway.DrainAsync();
        using var console = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, Pki.Client("whisker-backend").Certificate);
        // Two certificates, one DNS name: one node, so the second stream is its replay.
        Assert.Equal(10, await BytesInAsync(console, ns));
    }

    [Fact]
    public async Task A_client_without_a_certificate_can_neither_report_nor_query_and_is_told_why()
    {
        using var missing = Counter("flowgrain_client_certificates_rejected");
        using var channel = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, clientCertificate: null);

        var report = await Assert.ThrowsAsync<RpcException>(() => ReportAsync(channel, Update("x", "a", "x", "b", Gateway.Now - 20)));
        var list = await Assert.ThrowsAsync<RpcException>(() => new Flows.FlowsClient(channel).ListAsync(new FlowListRequest()).ResponseAsync);

        foreach (var refused in new[] { report, list })
        {
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            Assert.Contains("client certificate", refused.Status.Detail, StringComparison.Ordinal);
        }

        Assert.True(Sum(missing, "missing") >= 2);
    }

    [Fact]
    public async Task A_client_certificate_of_another_CA_is_refused_in_the_handshake()
    {
        using var untrusted = Counter("flowgrain_client_certificates_rejected");
        using var channel = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, Pki.RogueClient("node-7").Certificate);

        // The server ends the connection in the handshake (with TLS 1.3 the client learns it only at its first read
        // or write): the stream fails before any receipt, a unary call gets no status from the server.
        var report = await Assert.ThrowsAnyAsync<Exception>(() => ReportAsync(channel, Update("x", "a", "x", "b", Gateway.Now - 20)));
        Assert.True(report is IOException or RpcException { StatusCode: StatusCode.Unavailable }, report.ToString());
        var list = await Assert.ThrowsAsync<RpcException>(() => new Flows.FlowsClient(channel).ListAsync(new FlowListRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, list.StatusCode);
        Assert.True(Sum(untrusted, "untrusted") >= 2);
    }

    [Fact]
    public async Task The_server_certificate_is_verified_for_the_name_the_client_dials()
    {
        using var right = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, Pki.Client("node-7").Certificate, host: "goldmane");
        await new Flows.FlowsClient(right).FilterHintsAsync(new FilterHintsRequest { Type = FilterType.SourceNamespace });

        using var wrong = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, Pki.Client("node-7").Certificate, host: "flowgrain.other.svc");
        var refused = await Assert.ThrowsAsync<RpcException>(() => new Flows.FlowsClient(wrong).FilterHintsAsync(new FilterHintsRequest()).ResponseAsync);
        Assert.Contains("SSL", refused.Status.DebugException?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_server_certificate_is_served_without_a_restart_and_a_broken_rotation_keeps_the_old_one()
    {
        using var reloads = Counter("flowgrain_certificate_reloads");
        Assert.Equal(fixture.Server.Certificate.Thumbprint, await ServedCertificateAsync());

        var rotated = Pki.Server("goldmane", TlsChannels.CalicoServiceName, "goldmane");
        File.Copy(rotated.CertificateFile, fixture.CertificateFile, overwrite: true);
        File.Copy(rotated.KeyFile, fixture.KeyFile, overwrite: true);
        await Eventually.TrueAsync(async () => await ServedCertificateAsync() == rotated.Certificate.Thumbprint,
            "the gateway serves the rotated certificate", TimeSpan.FromSeconds(30));

        // A certificate without its key: the gateway keeps serving the last good one and counts the refusal.
        var next = Pki.Server("goldmane", TlsChannels.CalicoServiceName);
        File.Copy(next.CertificateFile, fixture.CertificateFile, overwrite: true);
        Certificates.Grpc!.Files.Check();
        Assert.True(Sum(reloads, "rejected") >= 1);
        Assert.Equal(rotated.Certificate.Thumbprint, await ServedCertificateAsync());

        File.Copy(rotated.CertificateFile, fixture.CertificateFile, overwrite: true);
        Certificates.Grpc!.Files.Check();
        Assert.True(Sum(reloads, "loaded") >= 1);
    }

    private GatewayCertificates Certificates => Gateway.Services.GetRequiredService<GatewayCertificates>();

    /// <summary>The thumbprint of the certificate a new connection is served.</summary>
    private async Task<string> ServedCertificateAsync()
    {
        string? served = null;
        using var channel = TlsChannels.Felix(Gateway.GrpcPort, Pki.CaCertificate, Pki.Client("probe").Certificate, serverSeen: c => served = c.Thumbprint);
        await new Flows.FlowsClient(channel).FilterHintsAsync(new FilterHintsRequest { Type = FilterType.SourceNamespace });
        return served ?? throw new InvalidOperationException("The handshake showed no server certificate.");
    }

    private MetricCollector<long> Counter(string instrument) =>
        new(Gateway.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GatewayMetrics.MeterName, instrument);

    private static long Sum(MetricCollector<long> counter, string label) =>
        counter.GetMeasurementSnapshot().Where(m => m.Tags.Values.Contains(label)).Sum(m => m.Value);

    /// <summary>One update on a new collector stream, its receipt, and the stream closed.</summary>
    internal static async Task ReportAsync(GrpcChannel channel, FlowUpdate update, Metadata? headers = null)
    {
        using var call = new FlowCollector.FlowCollectorClient(channel).Connect(headers);
        await call.RequestStream.WriteAsync(update);
        if (!await call.ResponseStream.MoveNext(CancellationToken.None)) throw new InvalidOperationException("No receipt.");
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }

    private static async Task<long> BytesInAsync(GrpcChannel channel, string ns)
    {
        var result = await new Flows.FlowsClient(channel).ListAsync(new FlowListRequest { Filter = new Filter { SourceNamespaces = { Exact(ns) } } });
        return result.Flows.Sum(f => f.Flow.BytesIn);
    }
}
