using System.Diagnostics;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Queries;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Security;
using FlowGrain.Gateway.Wire;
using FlowGrain.Protocol;
using Grpc.Core;

namespace FlowGrain.Gateway.GrpcServices;

/// <summary>goldmane.Statistics/List: per-policy or per-rule statistics; like Calico, an empty answer is one empty result, then NotFound.</summary>
public sealed class StatisticsService(FlowQueryService queries, QueryLimits limits, GatewayMetrics metrics, CallerScopes callers)
{
    public async Task List(IncomingMessage<StatisticsRequest> incoming, IServerStreamWriter<StatisticsResult> responses, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = incoming.Require();
        var statistics = await GrpcErrors.Guard(async () =>
        {
            limits.CheckFilter(request.PolicyMatch, "policy_match");
            var query = new StatisticsQuery(
                queries.ResolveRange(request.StartTimeGte, request.StartTimeLt),
                FilterWireMapping.Defined<StatisticKind>((int)request.Type, "type"),
                FilterWireMapping.Defined<StatisticsGrouping>((int)request.GroupBy, "group_by"),
                FilterWireMapping.ToDomain(request.PolicyMatch, "policy_match"),
                request.TimeSeries,
                callers.Of(context));
            return await queries.StatisticsAsync(query, context.CancellationToken);
        });

        metrics.Query("grpc", "Statistics.List", Stopwatch.GetElapsedTime(started));
        if (statistics.IsEmpty)
        {
            await responses.WriteAsync(new StatisticsResult(), context.CancellationToken);
            throw new RpcException(new Status(StatusCode.NotFound, "No statistics match the request in the given time range."));
        }

        // Sent together, with the last.
        await StreamWrites.WriteAllAsync(responses, [.. statistics.Select(s => StatisticsWireMapping.ToWire(s, request))], int.MaxValue, context.CancellationToken);
    }
}
