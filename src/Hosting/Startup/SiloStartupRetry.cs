using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FlowGrain.Hosting.Startup;

/// <summary>
/// A client gateway started before any silo keeps trying to reach one for Cluster:StartupTimeout, then gives up
/// (the host then exits non-zero) instead of failing at the first refused connection.
/// </summary>
internal sealed partial class SiloStartupRetry(ClusterSettings settings, ILogger<SiloStartupRetry> logger) : IClientConnectionRetryFilter
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var remaining = settings.Cluster.StartupTimeout - Stopwatch.GetElapsedTime(_started);
        if (remaining <= TimeSpan.Zero)
        {
            LogGivingUp(logger, settings.Cluster.StartupTimeout.TotalSeconds, exception.Message);
            return false;
        }

        LogRetrying(logger, exception.Message, (int)remaining.TotalSeconds);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo answers yet ({Error}); retrying for {Remaining} s more (Cluster:StartupTimeout)")]
    private static partial void LogRetrying(ILogger logger, string error, int remaining);

    [LoggerMessage(Level = LogLevel.Error, Message = "No silo answered within {Timeout} s (Cluster:StartupTimeout): {Error}")]
    private static partial void LogGivingUp(ILogger logger, double timeout, string error);
}
