using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Statistics;
using Goldmane = FlowGrain.Protocol;

namespace FlowGrain.Gateway.Wire;

/// <summary>Domain statistics to goldmane's StatisticsResult: one repeated value per window (or one in all), x = window starts.</summary>
public static class StatisticsWireMapping
{
    public static Goldmane.StatisticsResult ToWire(PolicyStatistics statistics, Goldmane.StatisticsRequest request)
    {
        var key = statistics.Key;
        var result = new Goldmane.StatisticsResult
        {
            Policy = FlowWireMapping.ToWire(new PolicyHit(key.Kind, key.Namespace, key.Name, key.Tier, key.Action, 0, key.RuleIndex)),
            Direction = (Goldmane.RuleDirection)key.Direction,
            GroupBy = request.GroupBy,
            Type = request.Type,
            X = { statistics.WindowStarts },
        };
        foreach (var point in statistics.Points)
        {
            result.AllowedIn.Add(point.AllowedIn);
            result.AllowedOut.Add(point.AllowedOut);
            result.DeniedIn.Add(point.DeniedIn);
            result.DeniedOut.Add(point.DeniedOut);
            result.PassedIn.Add(point.PassedIn);
            result.PassedOut.Add(point.PassedOut);
        }

        return result;
    }
}
