using System.Diagnostics;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Feed;
using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Queries;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Security;
using FlowGrain.Gateway.Wire;
using FlowGrain.Protocol;
using Grpc.Core;

namespace FlowGrain.Gateway.GrpcServices;

/// <summary>
/// goldmane.Flows: a thin adapter from the wire to <see cref="FlowQueryService"/> and <see cref="ClosedWindowReader"/>;
/// every filter carries the caller's namespace scope, and every request is held to the gateway's limits.
/// </summary>
public sealed class FlowsService(
    FlowQueryService queries,
    ClosedWindowReader closedWindows,
    LiveStreams streams,
    QueryLimits limits,
    GatewayMetrics metrics,
    CallerScopes callers)
{
    private const int RowsPerFlush = 256;

    public async Task<FlowListResult> List(IncomingMessage<FlowListRequest> incoming, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = incoming.Require();
        var model = await GrpcErrors.Guard(() =>
        {
            limits.CheckPageSize(request.PageSize);
            limits.CheckFilter(request.Filter, "filter");
            return Task.FromResult(new FlowListRequestModel(
                queries.ResolveRange(request.StartTimeGte, request.StartTimeLt),
                FilterWireMapping.ToDomain(request.Filter).Within(callers.Of(context)),
                [.. request.SortBy.Select((s, i) => FilterWireMapping.Defined<FlowSort>((int)s.SortBy, $"sort_by[{i}]"))],
                request.Page,
                request.PageSize,
                request.AggregationInterval));
        });
        var page = await GrpcErrors.Guard(() => queries.ListAsync(model, context.CancellationToken));

        var result = new FlowListResult
        {
            Meta = Paging.Meta(page.TotalResults, request.PageSize),
            Flows = { page.Flows.Select(FlowWireMapping.ToWire) },
        };
        metrics.Query("grpc", "Flows.List", Stopwatch.GetElapsedTime(started));
        return result;
    }

    public async Task Stream(IncomingMessage<FlowStreamRequest> incoming, IServerStreamWriter<FlowResult> responses, ServerCallContext context)
    {
        var request = incoming.Require();
        var filter = await GrpcErrors.Guard(() =>
        {
            limits.CheckFilter(request.Filter, "filter");
            return Task.FromResult(FilterWireMapping.ToDomain(request.Filter).Within(callers.Of(context)));
        });
        if (request.AggregationInterval != 0 && request.AggregationInterval != queries.Grid.Width)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"aggregation_interval must be 0 or the window width ({queries.Grid.Width} s) for streams, got {request.AggregationInterval}."));
        }

        var stream = await GrpcErrors.Guard(() => Task.FromResult(streams.Take(ClientIdentity.Of(context.GetHttpContext()))));
        using (stream)
        {
            metrics.LiveStreamOpened("grpc");
            try
            {
                var from = QueryTimeRange.StreamStart(request.StartTimeGte, queries.Now) ?? closedWindows.NextWindow;
                await foreach (var windows in closedWindows.ReadAsync(from, Timeout.InfiniteTimeSpan, context.CancellationToken))
                {
                    // Rows are flushed a few hundred at a time, and with the batch's last.
                    var rows = windows.SelectMany(w => w.Rows).Where(r => filter.Matches(r.Key)).Select(FlowWireMapping.ToWire).ToList();
                    await StreamWrites.WriteAllAsync(responses, rows, RowsPerFlush, context.CancellationToken);
                }
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                // The client went away.
            }
            finally
            {
                metrics.LiveStreamClosed("grpc");
            }
        }
    }

    public async Task<FilterHintsResult> FilterHints(IncomingMessage<FilterHintsRequest> incoming, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = incoming.Require();
        var values = await GrpcErrors.Guard(async () =>
        {
            if (request.Page < 0 || request.PageSize < 0)
                throw new InvalidQueryException($"page and page_size must not be negative, got {request.Page} and {request.PageSize}.");
            limits.CheckPageSize(request.PageSize);
            limits.CheckFilter(request.Filter, "filter");
            var query = new HintsQuery(
                queries.ResolveRange(request.StartTimeGte, request.StartTimeLt),
                FilterWireMapping.ToDomain(request.Filter).Within(callers.Of(context)),
                FilterWireMapping.Defined<HintField>((int)request.Type, "type"));
            return await queries.HintsAsync(query, context.CancellationToken);
        });

        var page = request.PageSize > 0 ? values.Skip((int)Math.Min(request.Page * request.PageSize, values.Length)).Take((int)request.PageSize) : values;
        var result = new FilterHintsResult
        {
            Meta = Paging.Meta(values.Length, request.PageSize),
            Hints = { page.Select(value => new FilterHint { Value = value }) },
        };
        metrics.Query("grpc", "Flows.FilterHints", Stopwatch.GetElapsedTime(started));
        return result;
    }
}
