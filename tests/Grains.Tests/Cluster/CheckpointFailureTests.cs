using System.Diagnostics.Metrics;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Time;
using FlowGrain.Grains.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using FlowGrain.Grains.Aggregation;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>Window storage that refuses a checkpoint loses nothing: the failure is counted and the changes go with the next one.</summary>
[Collection(OrleansCluster.Name)]
public sealed class CheckpointFailureTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_refused_checkpoint_is_counted_and_written_in_full_once_storage_takes_writes_again()
    {
        var owner = $"refused-{Guid.NewGuid():N}";
        var failures = fixture.SiloServices
            .Select(services => new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), GrainMetrics.MeterName, "flowgrain_checkpoint_failures"))
            .ToList();
        fixture.Store.Refuse(owner);
        try
        {
            var grain = fixture.Client.GetGrain<INamespaceFlowsGrain>(owner);
            await grain.IngestAsync(ClusterReports.Batch(owner, fixture.Now - 2, 3));
            await Eventually.TrueAsync(() => Task.FromResult(failures.Sum(Sum) >= 1), "a refused checkpoint is counted");
            Assert.DoesNotContain(owner, await fixture.Store.OwnersAsync());

            fixture.Store.Accept(owner);
            await Eventually.TrueAsync(async () => (await fixture.Store.OwnersAsync()).Contains(owner), "the next checkpoint was written");

            // What storage holds now, rebuilt as a new activation would, has all three flows, each once.
            var restored = new FlowRing(new WindowGrid(new AggregationOptions()));
            restored.Restore(await fixture.Store.LoadAsync(owner), fixture.Now);
            var flows = restored.Views(0, long.MaxValue).SelectMany(w => w.Flows).ToList();
            Assert.Equal(3, flows.Count);
            Assert.Equal(3 * 200, flows.Sum(f => f.Counters.Bytes));
        }
        finally
        {
            fixture.Store.Accept(owner);
            failures.ForEach(c => c.Dispose());
        }
    }

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);
}
