using System.Diagnostics;
using System.Text.Json;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Queries;
using FlowGrain.Gateway.Security;

namespace FlowGrain.Gateway.Http;

/// <summary>
/// Calico's console API on the HTTP port: <c>/whisker-backend/flows</c> (a JSON list, or Server-Sent Events with
/// <c>watch=true</c>) and <c>/whisker-backend/flows-filter-hints</c>. Same parameters and JSON as Calico's backend;
/// paging honoured, totals always sent, bad parameters answered with 400 and a message naming them; every filter
/// carries the caller's namespace scope, and every request is held to the gateway's limits.
/// </summary>
public static class WhiskerEndpoints
{
    public static RouteGroupBuilder MapWhiskerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/whisker-backend");
        api.MapGet("/flows", FlowsAsync);
        api.MapGet("/flows-filter-hints", FilterHintsAsync);
        return api;
    }

    private static Task FlowsAsync(HttpContext context, FlowQueryService queries, FlowEventSource events, LiveStreams streams, QueryLimits limits,
        GatewayMetrics metrics, CallerScopes callers) =>
        AnswerAsync(context, async () =>
        {
            var query = context.Request.Query;
            limits.CheckFilter(query["filters"], "filters");
            var filter = WhiskerFilterJson.Parse(query["filters"]).Within(callers.Of(context));
            if (WhiskerParameters.Flag(query, "watch"))
            {
                await WatchAsync(context, queries, events, streams, metrics, filter);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var pageSize = WhiskerParameters.NonNegative(query, "pageSize");
            limits.CheckPageSize(pageSize);
            var page = await queries.ListAsync(new FlowListRequestModel(
                queries.ResolveRange(WhiskerParameters.Seconds(query, "startTimeGte"), WhiskerParameters.Seconds(query, "startTimeLt")),
                filter,
                WhiskerParameters.Sort(query),
                WhiskerParameters.NonNegative(query, "page"),
                pageSize), context.RequestAborted);

            await WriteJsonAsync(context, json =>
            {
                WriteTotal(json, page.TotalResults, pageSize);
                json.WriteStartArray("items");
                foreach (var flow in page.Flows) WhiskerFlowJson.Write(json, flow);
                json.WriteEndArray();
            });
            metrics.Query("http", "flows", Stopwatch.GetElapsedTime(started));
        });

    private static Task FilterHintsAsync(HttpContext context, FlowQueryService queries, QueryLimits limits, GatewayMetrics metrics, CallerScopes callers) =>
        AnswerAsync(context, async () =>
        {
            var started = Stopwatch.GetTimestamp();
            var query = context.Request.Query;
            limits.CheckFilter(query["filters"], "filters");
            var pageSize = WhiskerParameters.NonNegative(query, "pageSize");
            limits.CheckPageSize(pageSize);
            var hints = await queries.HintsAsync(new HintsQuery(
                queries.ResolveRange(WhiskerParameters.Seconds(query, "startTimeGte"), WhiskerParameters.Seconds(query, "startTimeLt")),
                WhiskerFilterJson.Parse(query["filters"]).Within(callers.Of(context)),
                WhiskerParameters.HintType(query)), context.RequestAborted);
            var page = WhiskerParameters.NonNegative(query, "page");
            var items = pageSize > 0 ? hints.Skip((int)Math.Min(page * pageSize, hints.Length)).Take((int)pageSize) : hints;

            await WriteJsonAsync(context, json =>
            {
                WriteTotal(json, hints.Length, pageSize);
                json.WriteStartArray("items");
                foreach (var value in items)
                {
                    json.WriteStartObject();
                    json.WriteString("value", value);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            });
            metrics.Query("http", "flows-filter-hints", Stopwatch.GetElapsedTime(started));
        });

    private static async Task WatchAsync(HttpContext context, FlowQueryService queries, FlowEventSource events, LiveStreams streams,
        GatewayMetrics metrics, FlowFilter filter)
    {
        var request = context.Request;
        var provisional = WhiskerParameters.Flag(request.Query, "provisional");
        EventPosition position;
        var lastEventId = request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length > 0)
        {
            position = EventPosition.TryParse(lastEventId, out var resumed)
                ? resumed
                : throw new InvalidQueryException($"Last-Event-ID: '{lastEventId}' is not an event id of this API (window-keyId).");
        }
        else
        {
            var from = QueryTimeRange.StreamStart(WhiskerParameters.Seconds(request.Query, "startTimeGte"), queries.Now);
            position = EventPosition.StartOf(from is { } start ? queries.Grid.StartOf(start) : events.NextWindow);
        }

        using var stream = streams.Take(ClientIdentity.Of(context));
        metrics.LiveStreamOpened("sse");
        try
        {
            await events.WriteAsync(context.Response, position, resumed: lastEventId.Length > 0, filter, provisional, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The viewer went away.
        }
        finally
        {
            metrics.LiveStreamClosed("sse");
        }
    }

    private static async Task AnswerAsync(HttpContext context, Func<Task> answer)
    {
        try
        {
            await answer();
        }
        catch (InvalidQueryException ex) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (OverLimitException ex) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, ex.Limit.Http(), ex.Message);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException && !context.Response.HasStarted)
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, $"The cluster did not answer: {ex.Message}");
        }
    }

    private static void WriteTotal(Utf8JsonWriter json, long totalResults, long pageSize)
    {
        json.WriteStartObject("total");
        json.WriteNumber("totalPages", Paging.TotalPages(totalResults, pageSize));
        json.WriteNumber("totalResults", totalResults);
        json.WriteEndObject();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return WriteJsonAsync(context, json => json.WriteString("error", message));
    }

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> writeBody)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        writeBody(json);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
