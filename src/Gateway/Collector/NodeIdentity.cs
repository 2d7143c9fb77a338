using FlowGrain.Hosting.Security;
using Grpc.Core;

namespace FlowGrain.Gateway.Collector;

/// <summary>
/// Who is reporting on a collector stream: the client certificate's name (mTLS: its CN, else its first DNS name), else the node-name header, else
/// the peer's IP address. Never the port: a reconnect changes it, and dedup must recognise the node's replay.
/// </summary>
public static class NodeIdentity
{
    /// <summary>Header a reporter may send to name its node when it has no client certificate (FlowGen does).</summary>
    public const string NodeHeader = "x-flowgrain-node";

    public const int MaxNodeNameLength = 253;

    public static string Of(ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;
        if (connection.ClientCertificate is { } certificate)
        {
            // Only certificates of the configured CA get here (the handshake refuses others); with mutual TLS on,
            // every stream has one, so the header and the address below are never consulted.
            return "cert:" + (CertificateTrust.NameOf(certificate) ?? certificate.Thumbprint);
        }

        var header = context.RequestHeaders.GetValue(NodeHeader);
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Length <= MaxNodeNameLength
                ? "node:" + header.Trim()
                : throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"{NodeHeader} is {header.Length} characters, at most {MaxNodeNameLength} are accepted"));
        }

        return connection.RemoteIpAddress is { } address
            ? "ip:" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
            : "unknown";
    }
}
