using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowGrain.Grains.Hosting;

/// <summary>Runs a FlowGrain process: invalid settings end it with one clear line each instead of a stack trace.</summary>
public static class HostRunner
{
    /// <summary>Exit code of a process whose configuration is invalid.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>Runs <paramref name="build"/>'s host until it stops; returns the process exit code.</summary>
    public static int Run(Func<IHost> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            using var host = build();
            host.Run();
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
}
