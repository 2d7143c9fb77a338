namespace FlowGrain.Hosting.Storage;

/// <summary>Where owners keep their windows (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Memory or Redis; unset means Memory with Localhost membership and Redis with Redis membership.</summary>
    public WindowStorageProvider? Provider { get; set; }

    /// <summary>StackExchange.Redis connection string of window storage; Cluster:Redis when unset.</summary>
    public string? Redis { get; set; }
}

/// <summary>The window store behind every owner grain.</summary>
public enum WindowStorageProvider
{
    /// <summary>In the silo's memory: fast, lost when the silo stops.</summary>
    Memory,

    /// <summary>In Redis: closed windows once, open windows as checkpointed deltas; survives any process.</summary>
    Redis,
}
