using FlowGrain.Abstractions.Time;
using FlowGrain.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>
/// The assembly's one Orleans test cluster: two silos in this process, FlowGrain's grains and services as the silo
/// host configures them, and the flow clock on a <see cref="FakeTimeProvider"/> shared by both silos.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>A window-aligned instant plus one second.</summary>
    public static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000 + 1);

    public FakeTimeProvider Time { get; } = new(Epoch);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The window storage both silos share, as they share Redis in a real cluster.</summary>
    public RefusingWindowStore Store { get; } = new();

    public long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Each silo's services, for its meters.</summary>
    public IReadOnlyList<IServiceProvider> SiloServices => [.. Cluster.Silos.Select(s => s.ServiceProvider)];

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(new FlowClock(Time));
            silo.Services.AddFlowGrainAggregation(new ConfigurationBuilder().Build());
            silo.AddMemoryGrainStorageAsDefault();
            silo.Services.AddSingleton<FlowGrain.Grains.Storage.IWindowStore>(Store); // shared, as Redis is
            silo.AddIncomingGrainCallFilter<QueryGate>();
            silo.Services.AddSingleton<FlowGrain.Grains.Metrics.GrainMetrics>();
            silo.Services.AddSingleton<FlowGrain.Grains.Metrics.TrafficMetrics>();
            silo.Services.AddOptions<FlowGrain.Grains.Metrics.MetricsOptions>();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class OrleansCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
