using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Gateway.Demo;

/// <summary>Demo traffic that the gateway sends to itself (configuration section "Demo"; <c>--demo</c> turns it on).</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; }

    [Range(1, 1000)]
    public int Nodes { get; set; } = 4;

    [Range(1, 100_000)]
    public int FlowsPerNode { get; set; } = 40;

    [Range(1, 1000)]
    public int Namespaces { get; set; } = 6;

    /// <summary>Shorter than Felix's 15 s so a new viewer sees traffic within seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);
}
