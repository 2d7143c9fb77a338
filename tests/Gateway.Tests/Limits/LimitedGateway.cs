using System.Net;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Tests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FlowGrain.Gateway.Tests.Limits;

/// <summary>A gateway of its own with tight limits, the refusal counter, and clients from other loopback addresses.</summary>
internal static class LimitedGateway
{
    /// <summary>Rate limits no test client reaches, for tests that send many requests on purpose.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Unthrottled = new Dictionary<string, string?>
    {
        ["Query:RequestsPerSecondPerClient"] = "1000000",
        ["Query:RequestBurstPerClient"] = "10000000",
    };

    public static Task<GatewayHost> StartAsync(IReadOnlyDictionary<string, string?> limits, Action<IServiceCollection>? services = null) =>
        GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch), settings: limits.ToDictionary(), services: services);

    /// <summary>Refusals by limit as counted from now on (flowgrain_limit_refusals_total).</summary>
    public static MetricCollector<long> Refusals(GatewayHost gateway) =>
        new(gateway.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GatewayMetrics.MeterName, "flowgrain_limit_refusals");

    public static long Count(MetricCollector<long> refusals, string limit) =>
        refusals.GetMeasurementSnapshot().Where(m => (string?)m.Tags["limit"] == limit).Sum(m => m.Value);

    /// <summary>
    /// A gRPC channel whose connections come from <paramref name="source"/> (127.0.0.2, …): without authentication
    /// a client is its IP address, so this is another client on the same machine.
    /// </summary>
    public static GrpcChannel ChannelFrom(GatewayHost gateway, string source) =>
        GrpcChannel.ForAddress($"http://127.0.0.1:{gateway.GrpcPort}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = (context, cancellationToken) => LoopbackSockets.ConnectAsync(context.DnsEndPoint.Port, IPAddress.Parse(source), cancellationToken),
            },
        });
}
