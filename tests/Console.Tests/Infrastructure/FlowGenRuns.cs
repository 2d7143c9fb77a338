using System.IO;
using FlowGrain.FlowGen;

namespace FlowGrain.Console.Tests.Infrastructure;

/// <summary>
/// FlowGen reporting one interval of a small simulated cluster whose namespaces carry a tag ("tag-frontend", …), so a
/// test can filter the console to exactly the flows it caused.
/// </summary>
public static class FlowGenRuns
{
    private static int _next;

    /// <summary>A tag no other test of this run uses.</summary>
    public static string NewTag(string prefix) => $"{prefix}{Interlocked.Increment(ref _next)}{Environment.ProcessId % 1000}";

    /// <summary>Reports one interval of flows and returns when every report has its receipt.</summary>
    public static async Task ReportOnceAsync(GatewayProcess gateway, string tag, int flows = 12)
    {
        var options = new FlowGenOptions
        {
            Target = gateway.Collector,
            Nodes = 1,
            FlowsPerNode = flows,
            Namespaces = 2,
            Interval = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(1),
            Tag = tag,
            ProgressEvery = null,
        };
        var exit = await new FlowGenerator(options, TextWriter.Null).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exit);
    }
}
