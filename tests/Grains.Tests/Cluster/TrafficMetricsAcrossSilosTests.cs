using System.Diagnostics.Metrics;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Grains.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.Runtime;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>Traffic metrics are counted by the silo that ran the ingest, so their sum over all silos is exact, also when an owner moves.</summary>
[Collection(OrleansCluster.Name)]
public sealed class TrafficMetricsAcrossSilosTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_sum_over_every_silo_stays_exact_when_the_owner_grain_moves_to_the_other_silo()
    {
        var collectors = fixture.SiloServices
            .Select(services => new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), TrafficMetrics.MeterName, "flowgrain_traffic_flows"))
            .ToList();
        try
        {
            var owner = $"mover-{Guid.NewGuid():N}";
            var grain = fixture.Client.GetGrain<INamespaceFlowsGrain>(owner);
            await grain.IngestAsync(ClusterReports.Batch(owner, fixture.Now - 20, 3));
            var host = await fixture.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
            var other = fixture.Cluster.GetActiveSilos().First(s => !s.SiloAddress.Equals(host)).SiloAddress;

            await fixture.Cluster.MigrateAsync(grain, other);
            await grain.IngestAsync(ClusterReports.Batch(owner, fixture.Now - 20, 2, firstKey: 100));

            Assert.Equal(other, await fixture.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain));
            Assert.Equal([3L, 2L], collectors.Select(Sum).Where(count => count > 0).OrderDescending());
            Assert.Equal(5, collectors.Sum(Sum));
        }
        finally
        {
            collectors.ForEach(c => c.Dispose());
        }
    }

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);
}
