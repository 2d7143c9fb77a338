namespace FlowGrain.Gateway.Security;

/// <summary>Says loudly, at every start, that a gateway on a public address lets everyone see every namespace.</summary>
internal sealed partial class AuthStartupWarning(AuthSettings settings, ILogger<AuthStartupWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.NoneOnPublicAddress) LogOpen(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Auth:Mode is None on a non-loopback address: everyone who reaches the HTTP and gRPC ports sees every namespace's flows")]
    private static partial void LogOpen(ILogger logger);
}
