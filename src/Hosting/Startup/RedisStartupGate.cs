using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FlowGrain.Hosting.Startup;

/// <summary>
/// Holds the start of the host until every Redis it needs answers PING, for up to Cluster:StartupTimeout, so that a
/// process started before Redis (or while it restarts) waits instead of failing; past the timeout it stops the
/// process with one line naming the key.
/// </summary>
internal sealed partial class RedisStartupGate(ClusterSettings settings, ILogger<RedisStartupGate> logger) : IHostedService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, connectionString) in settings.RedisServers())
        {
            await WaitForAsync(key, connectionString, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WaitForAsync(string key, string connectionString, CancellationToken cancellationToken)
    {
        var timeout = settings.Cluster.StartupTimeout;
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var options = ConfigurationOptions.Parse(connectionString);
                options.AbortOnConnectFail = true;
                options.ConnectTimeout = (int)Math.Min(5000, timeout.TotalMilliseconds);
                await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
                await redis.GetDatabase().PingAsync();
                if (attempt > 1) LogReachable(logger, connectionString, key);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or System.Net.Sockets.SocketException)
            {
                var waited = Stopwatch.GetElapsedTime(started);
                if (waited >= timeout)
                {
                    throw new StartupFailedException(
                        $"Redis at {connectionString} ({key}) did not answer within {timeout.TotalSeconds:0} s (Cluster:StartupTimeout): {ex.Message}", ex);
                }

                LogWaiting(logger, connectionString, key, ex.Message, (int)(timeout - waited).TotalSeconds);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {Redis} ({Key}) does not answer yet: {Error}; retrying for {Remaining} s more")]
    private static partial void LogWaiting(ILogger logger, string redis, string key, string error, int remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis at {Redis} ({Key}) answers")]
    private static partial void LogReachable(ILogger logger, string redis, string key);
}
