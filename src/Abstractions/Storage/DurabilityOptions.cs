using System.ComponentModel.DataAnnotations;

namespace FlowGrain.Abstractions.Storage;

/// <summary>How often owners make their filling windows durable, and how much a gateway keeps until they have (configuration section "Durability").</summary>
public sealed class DurabilityOptions
{
    public const string SectionName = "Durability";

    /// <summary>How often an owner writes what changed in its windows since the last checkpoint.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Flows a gateway keeps after delivering them, until their owner reports them durable; beyond, delivery waits.</summary>
    [Range(1_000, 100_000_000)]
    public int MaxRetainedFlows { get; set; } = 500_000;
}
