using System.IO;
using FlowGrain.FlowGen;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Security;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Demo;

/// <summary>With <c>--demo</c>: FlowGen runs inside the gateway and reports a simulated cluster's flows to its own collector port.</summary>
public sealed partial class DemoTraffic(
    IOptions<DemoOptions> demo,
    IOptions<GatewayOptions> gateway,
    GatewayTlsSettings tls,
    IHostApplicationLifetime lifetime,
    ILogger<DemoTraffic> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!demo.Value.Enabled) return;
        if (tls.Grpc.Enabled)
        {
            // The simulated nodes have no certificate of the operator's CA, nor a name the server certificate is for.
            LogNoDemoOverTls(logger);
            return;
        }

        await WhenStartedAsync(stoppingToken);

        var address = gateway.Value.ListenAddress is "*" or "0.0.0.0" ? "127.0.0.1" : gateway.Value.ListenAddress;
        var options = new FlowGenOptions
        {
            Target = $"{address}:{gateway.Value.GrpcPort}",
            Nodes = demo.Value.Nodes,
            FlowsPerNode = demo.Value.FlowsPerNode,
            Namespaces = demo.Value.Namespaces,
            Interval = demo.Value.Interval,
            Duration = null,
            ProgressEvery = null,
        };
        if (options.Problem() is { } problem) throw new OptionsValidationException(DemoOptions.SectionName, typeof(DemoOptions), [problem]);

        LogStarting(logger, options.Nodes, options.FlowsPerNode, options.Interval.TotalSeconds, gateway.Value.HttpPort);
        try
        {
            await new FlowGenerator(options, TextWriter.Null).RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo traffic is off: it reports over plaintext and the collector port is configured for TLS (Tls:CertificateFile)")]
    private static partial void LogNoDemoOverTls(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo traffic: {Nodes} simulated nodes report {Flows} flows every {Interval} s; open http://localhost:{HttpPort}")]
    private static partial void LogStarting(ILogger logger, int nodes, int flows, double interval, int httpPort);
}
