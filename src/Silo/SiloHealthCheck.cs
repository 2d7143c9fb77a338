using FlowGrain.Abstractions.Grains;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowGrain.Silo;

/// <summary>Healthy when the cluster answers a grain call through this silo.</summary>
public sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IOwnerDirectoryGrain>(0).GetOwnersAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("The silo answers grain calls.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The silo does not answer grain calls.", ex);
        }
    }
}
