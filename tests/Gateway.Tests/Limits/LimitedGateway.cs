using System.Net;
using System.Net.Sockets;
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
    public static Task<GatewayHost> StartAsync(IDictionary<string, string?> limits, Action<IServiceCollection>? services = null) =>
        GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch), settings: limits, services: services);

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
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            },
        });
}
