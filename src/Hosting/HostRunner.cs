using FlowGrain.Hosting.Startup;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowGrain.Hosting;

/// <summary>Runs a FlowGrain process: bad settings and failed starts end it with one clear line and an exit code, not a stack trace.</summary>
public static class HostRunner
{
    /// <summary>Exit code of a process whose configuration is invalid.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>Exit code of a process that could not start (Redis or the silos did not answer in time).</summary>
    public const int StartFailed = 3;

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
            catch (Exception ex) when (ex is not OptionsValidationException)
            {
                Console.Error.WriteLine($"FlowGrain could not start: {Describe(ex)}");
                return StartFailed;
            }

            host.WaitForShutdown();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            // Every options class names its configuration section in a SectionName constant.
            var section = ex.OptionsType.GetField("SectionName")?.GetValue(null) as string ?? ex.OptionsType.Name;
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine($"Invalid configuration in section \"{section}\": {failure}");
            }

            return InvalidConfiguration;
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        StartupFailedException => ex.Message,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerException!),
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
