namespace FlowGrain.Abstractions.Statistics;

/// <summary>Whether statistics are per policy or per policy rule (values as on the wire).</summary>
public enum StatisticsGrouping
{
    Policy = 0,
    PolicyRule = 1,
}
