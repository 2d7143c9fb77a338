namespace FlowGrain.Gateway.Observability;

/// <summary>Label values of flowgrain_flows_dropped.</summary>
public static class DropReasons
{
    /// <summary>The flow's start time is outside the windows kept (older than the retention, or too far ahead).</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary>The owner's queue stayed full for longer than Collector:BackpressureTimeout.</summary>
    public const string Backpressure = "backpressure";

    /// <summary>Every reason, for series that start at zero.</summary>
    public static readonly IReadOnlyList<string> All = [OutOfRange, Backpressure];
}
