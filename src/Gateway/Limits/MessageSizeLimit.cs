using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Security;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Limits;

/// <summary>
/// Gateway:MaxMessageBytes: gRPC's own receive limit, so an oversize message is refused before it is buffered.
/// gRPC answers such a call itself, before any service code runs; the middleware here counts those answers.
/// </summary>
public static class MessageSizeLimit
{
    /// <summary>What Grpc.AspNetCore says when a message is over the receive limit.</summary>
    private const string GrpcRefusalText = "exceeds the maximum configured message size";

    public static IServiceCollection AddMessageSizeLimit(this IServiceCollection services)
    {
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<GatewayOptions>>((grpc, gateway) =>
            grpc.MaxReceiveMessageSize = gateway.Value.MaxMessageBytes);
        return services;
    }

    public static IApplicationBuilder UseMessageSizeRefusalCount(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (!ApiRequests.IsGrpc(context.Request)) return;
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        var status = Header(trailers, "grpc-status") ?? Header(context.Response.Headers, "grpc-status");
        var message = Header(trailers, "grpc-message") ?? Header(context.Response.Headers, "grpc-message");
        if (status == ((int)StatusCode.ResourceExhausted).ToString(System.Globalization.CultureInfo.InvariantCulture)
            && message is not null && Uri.UnescapeDataString(message).Contains(GrpcRefusalText, StringComparison.Ordinal))
        {
            context.RequestServices.GetRequiredService<GatewayMetrics>().LimitRefused(Limit.MessageSize);
        }
    });

    private static string? Header(IHeaderDictionary? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
}
