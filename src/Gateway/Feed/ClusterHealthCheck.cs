using FlowGrain.Abstractions.Grains;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowGrain.Gateway.Feed;

/// <summary>Healthy when the grains answer and the live feed subscription stands.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains, FeedSubscription feed) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var owners = await grains.GetGrain<IOwnerDirectoryGrain>(0).GetOwnersAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            var data = new Dictionary<string, object> { ["owners"] = owners.Length, ["feedSubscribed"] = feed.IsSubscribed };
            return feed.IsSubscribed
                ? HealthCheckResult.Healthy("The cluster answers and the live feed is subscribed.", data)
                : HealthCheckResult.Degraded("The cluster answers but the live feed is not subscribed yet.", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer.", ex);
        }
    }
}
