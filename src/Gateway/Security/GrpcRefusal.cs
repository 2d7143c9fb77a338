using Grpc.Core;

namespace FlowGrain.Gateway.Security;

/// <summary>A gRPC call refused before it reaches a service: a trailers-only response with the status and a readable message.</summary>
internal static class GrpcRefusal
{
    public static void Write(HttpResponse response, StatusCode status, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }
}
