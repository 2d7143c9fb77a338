using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowGrain.Hosting.Security;

/// <summary>Starts watching the cluster's certificate files once the host runs (logging needs the host's services).</summary>
internal sealed class ClusterCertificateReload(ClusterCertificates certificates, TimeProvider time, ILogger<ClusterCertificates> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        certificates.StartReloading(time, logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
