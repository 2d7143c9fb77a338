using System.Runtime.InteropServices;
using FlowGrain.Hosting.Startup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowGrain.Hosting;

/// <summary>Runs a FlowGrain process: bad settings and failed starts end it with one clear line and an exit code, not a stack trace.</summary>
public static partial class HostRunner
{
    /// <summary>Exit code of a process whose configuration is invalid.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>Exit code of a process that could not start (Redis or the silos did not answer in time).</summary>
    public const int StartFailed = 3;

    /// <summary>Exit code of a process that did not finish stopping within its shutdown timeout (e.g. Redis gone).</summary>
    public const int StopTimedOut = 4;

    /// <summary>What a stopping process gets beyond the host's shutdown timeout before it is ended.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    /// <summary>Runs <paramref name="build"/>'s host until it stops; returns the process exit code.</summary>
    public static int Run(Func<IHost> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            using var host = build();
            try
            {
                host.Start();
            }
            catch (Exception ex) when (ex is not OptionsValidationException && !IsInvalidConfiguration(ex))
            {
                Console.Error.WriteLine($"FlowGrain could not start: {Describe(ex)}");
                return StartFailed;
            }

            using var watchdog = StopWatchdog(host);
            host.WaitForShutdown();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            ReportInvalid([ex]);
            return InvalidConfiguration;
        }
        catch (AggregateException ex) when (IsInvalidConfiguration(ex))
        {
            // Start-up validation gathers every failing options class into one AggregateException.
            ReportInvalid(ex.InnerExceptions.Cast<OptionsValidationException>());
            return InvalidConfiguration;
        }
    }

    private static bool IsInvalidConfiguration(Exception ex) =>
        ex is AggregateException { InnerExceptions.Count: > 0 } aggregate && aggregate.InnerExceptions.All(e => e is OptionsValidationException);

    private static void ReportInvalid(IEnumerable<OptionsValidationException> failures)
    {
        var lines = failures.SelectMany(ex =>
        {
            // Every options class names its configuration section in a SectionName constant.
            var section = ex.OptionsType.GetField("SectionName")?.GetValue(null) as string ?? ex.OptionsType.Name;
            return ex.Failures.Select(failure => $"Invalid configuration in section \"{section}\": {failure}");
        });
        foreach (var line in lines.Distinct(StringComparer.Ordinal))
        {
            Console.Error.WriteLine(line);
        }
    }

    /// <summary>
    /// Ends a process whose graceful stop hangs past its shutdown timeout (Orleans keeps retrying membership and
    /// checkpoints while Redis is unreachable), so an orchestrator sees an exit, not a process to SIGKILL.
    /// </summary>
    private static CancellationTokenRegistration StopWatchdog(IHost host)
    {
        var timeout = host.Services.GetService<IOptions<HostOptions>>()?.Value.ShutdownTimeout ?? TimeSpan.FromSeconds(30);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        return lifetime.ApplicationStopping.Register(() =>
        {
            var deadline = timeout + StopGrace;
            _ = Task.Delay(deadline).ContinueWith(_ =>
            {
                Console.Error.WriteLine($"FlowGrain did not stop within {deadline.TotalSeconds:0} s; exiting without a clean stop (what storage did not take yet is lost)");
                // Not Environment.Exit: the host's process-exit handler would wait for the very stop that hangs.
                if (OperatingSystem.IsLinux()) NativeExit(StopTimedOut);
                Environment.FailFast($"FlowGrain did not stop within {deadline.TotalSeconds:0} s");
            }, TaskScheduler.Default);
        });
    }

    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void NativeExit(int status);

    private static string Describe(Exception ex) => ex switch
    {
        StartupFailedException => ex.Message,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerException!),
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
