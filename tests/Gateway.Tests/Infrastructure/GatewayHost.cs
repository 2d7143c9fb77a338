using FlowGrain.Abstractions.Time;
using FlowGrain.Gateway.Collector;
using FlowGrain.Gateway.Feed;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>
/// A real gateway on loopback ports (Kestrel, gRPC over real sockets, an in-process silo or a client of one),
/// with the flow clock on a <see cref="FakeTimeProvider"/> so tests decide when windows close.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private GatewayHost(WebApplication app, FakeTimeProvider time, int grpcPort, int httpPort, int siloGatewayPort)
    {
        App = app;
        Time = time;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        SiloGatewayPort = siloGatewayPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    /// <summary>The Orleans gateway port of this host's silo (standalone), or of the silo it joined (client).</summary>
    public int SiloGatewayPort { get; }

    public GrpcChannel Channel { get; }

    public IServiceProvider Services => App.Services;

    public long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// Starts a standalone gateway, or with <paramref name="joinSiloGatewayPort"/> a client-mode gateway of that silo;
    /// <paramref name="services"/> adds test doubles (e.g. a grain-call filter standing for a slow cluster).
    /// </summary>
    public static async Task<GatewayHost> StartAsync(FakeTimeProvider time, int? joinSiloGatewayPort = null,
        string clusterId = "flowgrain-tests", IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var ports = FreePorts.Take(4);
        var configuration = new Dictionary<string, string?>
        {
            ["Gateway:ListenAddress"] = "127.0.0.1",
            ["Gateway:GrpcPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:HttpPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Mode"] = joinSiloGatewayPort is null ? "Standalone" : "Client",
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:SiloPort"] = ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = (joinSiloGatewayPort ?? ports[3]).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;

        var app = GatewayApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton(new FlowClock(time));
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var host = new GatewayHost(app, time, ports[0], ports[1], joinSiloGatewayPort ?? ports[3]);
        await Eventually.TrueAsync(() => app.Services.GetRequiredService<FeedSubscription>().IsSubscribed, "the gateway subscribed to the live feed");
        return host;
    }

    /// <summary>Waits until every flow this gateway answered for has reached its owner grain.</summary>
    public Task DrainAsync() => Services.GetRequiredService<IngestPipeline>().DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
