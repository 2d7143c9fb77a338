using System.Collections.Immutable;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Queries;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Console.Traffic;

/// <summary>What the charts and the traffic map read, through the same query service as every API.</summary>
public sealed class TrafficQueries(FlowQueryService queries, IOptions<ConsoleOptions> console, IOptions<QueryOptions> query)
{
    public FlowQueryService Flows => queries;

    /// <summary>Rows of the range: one per key over the whole range (interval 0) or per key and interval bucket.</summary>
    public async Task<TrafficSample> RowsAsync(TimeRange range, FlowFilter filter, long interval, CancellationToken cancellationToken)
    {
        var limit = Math.Min(console.Value.ChartRowLimit, query.Value.MaxListRows);
        var page = await queries.ListAsync(new FlowListRequestModel(range, filter, [FlowSort.Time], 0, limit, interval), cancellationToken);
        return new TrafficSample(page.Flows, page.TotalResults > page.Flows.Length);
    }

    /// <summary>Packets per policy in the range, for the policies the filter's first policy match selects (all without one).</summary>
    public Task<ImmutableArray<PolicyStatistics>> PolicyHitsAsync(TimeRange range, FlowFilter filter, CancellationToken cancellationToken)
    {
        var match = filter.Policies.IsDefaultOrEmpty ? PolicyMatch.Any : filter.Policies[0];
        return queries.StatisticsAsync(new StatisticsQuery(range, StatisticKind.PacketCount, StatisticsGrouping.Policy, match, TimeSeries: false, filter.Scope), cancellationToken);
    }
}
