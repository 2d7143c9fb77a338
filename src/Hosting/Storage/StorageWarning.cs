using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowGrain.Hosting.Storage;

/// <summary>Says loudly, at start, that a multi-silo cluster keeps its windows where a dying silo takes them along.</summary>
internal sealed partial class StorageWarning(ClusterSettings settings, ILogger<StorageWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Cluster.Membership == ClusterMembership.Redis && settings.Storage == WindowStorageProvider.Memory)
        {
            LogMemoryStorage(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "STORAGE IS IN MEMORY IN A MULTI-SILO CLUSTER (Storage:Provider=Memory with Cluster:Membership=Redis): each silo keeps its owners' windows " +
        "in its own memory, so a silo that stops or dies loses them, receipts or not. Set Storage:Provider=Redis to keep them.")]
    private static partial void LogMemoryStorage(ILogger logger);
}
