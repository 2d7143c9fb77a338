using System.Collections.Immutable;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Shards;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Abstractions.Time;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Limits;
using FlowGrain.Grains.Queries;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Queries;

/// <summary>
/// Answers queries for every API of the gateway: asks all owners in parallel and merges their answers. Each owner
/// computes on a snapshot, so queries never wait for ingest and one owner's work never holds up another's. Every
/// List, FilterHints and Statistics is bounded by Query:RequestTimeout.
/// </summary>
public sealed class FlowQueryService(IGrainFactory grains, FlowClock clock, WindowGrid grid, IOptions<QueryOptions> options, QueryLimits limits)
{
    public WindowGrid Grid => grid;

    public long Now => clock.NowSeconds;

    public TimeRange ResolveRange(long startTimeGte, long startTimeLt) =>
        QueryTimeRange.Resolve(startTimeGte, startTimeLt, clock.NowSeconds, grid);

    /// <summary>One page of aggregated flows and the total number of matches.</summary>
    public async Task<FlowPage> ListAsync(FlowListRequestModel request, CancellationToken cancellationToken)
    {
        if (request.Page < 0) throw new InvalidQueryException($"page must not be negative, got {request.Page}.");
        if (request.PageSize < 0) throw new InvalidQueryException($"page_size must not be negative (0 = no paging), got {request.PageSize}.");
        if (request.AggregationInterval < 0 || request.AggregationInterval % grid.Width != 0)
            throw new InvalidQueryException($"aggregation_interval must be 0 (whole range) or a multiple of the {grid.Width} s window, got {request.AggregationInterval}.");

        var rows = request.PageSize == 0 ? 0 : (request.Page + 1) * request.PageSize;
        if (rows > options.Value.MaxListRows)
            throw new InvalidQueryException($"(page + 1) × page_size is {rows}; at most {options.Value.MaxListRows} rows can be paged through. Narrow the filter or time range.");

        var query = new FlowListQuery(request.Range, request.Filter, request.Sort, (int)rows, request.AggregationInterval);
        // Owners hold disjoint keys; the shards of one owner share them, so each owner's shards answer as one.
        var pages = await AskAsync(owners => owners.GroupBy(OwnerShard.NamespaceOf, StringComparer.Ordinal).Select(owner => owner.Count() == 1
            ? grains.GetGrain<INamespaceFlowsGrain>(owner.Single()).ListAsync(query)
            : ShardedListing.ListAsync([.. owner.Select(shard => grains.GetGrain<INamespaceFlowsGrain>(shard))], query)), cancellationToken);
        return ResultMerging.Page(pages, request.Sort, (int)request.Page, (int)request.PageSize);
    }

    /// <summary>Distinct values of a field among matching flows, ascending.</summary>
    public async Task<ImmutableArray<string>> HintsAsync(HintsQuery query, CancellationToken cancellationToken)
    {
        if (query.Field == HintField.Unspecified) throw new InvalidQueryException("type must name the field to list values of (e.g. FilterTypeSourceNamespace).");
        return ResultMerging.Hints(await AskOwnersAsync(owner => owner.HintsAsync(query), cancellationToken));
    }

    /// <summary>Per-policy or per-rule statistics merged across owners.</summary>
    public async Task<ImmutableArray<PolicyStatistics>> StatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken) =>
        ResultMerging.Statistics(await AskOwnersAsync(owner => owner.StatisticsAsync(query), cancellationToken), query.TimeSeries);

    /// <summary>Every owner's closed windows from <paramref name="from"/>, with the point up to which each owner had closed.</summary>
    public async Task<IReadOnlyDictionary<string, ClosedRows>> ClosedRowsAsync(long from, FlowFilter filter, CancellationToken cancellationToken)
    {
        var owners = await OwnersAsync();
        var query = new WindowQuery(from, filter);
        var answers = await Task.WhenAll(owners.Select(o => grains.GetGrain<INamespaceFlowsGrain>(o).ClosedRowsAsync(query)))
            .WaitAsync(cancellationToken);
        return owners.Zip(answers).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
    }

    private Task<T[]> AskOwnersAsync<T>(Func<INamespaceFlowsGrain, Task<T>> ask, CancellationToken cancellationToken) =>
        AskAsync(owners => owners.Select(o => ask(grains.GetGrain<INamespaceFlowsGrain>(o))), cancellationToken);

    /// <summary>The answers of the calls <paramref name="ask"/> makes of the cluster's owners, all within the query timeout.</summary>
    private Task<T[]> AskAsync<T>(Func<ImmutableArray<string>, IEnumerable<Task<T>>> ask, CancellationToken cancellationToken) =>
        limits.WithinTimeoutAsync(async deadline =>
        {
            var owners = await OwnersAsync().WaitAsync(deadline);
            return await Task.WhenAll(ask(owners)).WaitAsync(deadline);
        }, cancellationToken);

    private Task<ImmutableArray<string>> OwnersAsync() => grains.GetGrain<IOwnerDirectoryGrain>(0).GetOwnersAsync();
}
