using FlowGrain.Gateway.Hosting;
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

    public static string Of(ServerCallContext context, CertificateNodeIdentity mode = CertificateNodeIdentity.Certificate)
    {
        var connection = context.GetHttpContext().Connection;
        if (connection.ClientCertificate is { } certificate)
        {
            // Only certificates of the configured CA get here (the handshake refuses others). A certificate that every
            // node shares (Calico's node-certs) names no node by itself: Tls:NodeIdentity then adds the address or header.
            var name = "cert:" + (CertificateTrust.NameOf(certificate) ?? certificate.Thumbprint);
            return mode switch
            {
                CertificateNodeIdentity.CertificateAndAddress => name + "@" + PeerAddress.Of(connection),
                CertificateNodeIdentity.CertificateAndHeader => name + "/" + (Header(context) ?? PeerAddress.Of(connection)),
                _ => name,
            };
        }

        return Header(context) is { } node ? "node:" + node : "ip:" + PeerAddress.Of(connection);
    }

    private static string? Header(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue(NodeHeader);
        if (string.IsNullOrWhiteSpace(header)) return null;
        return header.Length <= MaxNodeNameLength
            ? header.Trim()
            : throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{NodeHeader} is {header.Length} characters, at most {MaxNodeNameLength} are accepted"));
    }
}

/// <summary>What names a node that reports over mutual TLS (Tls:NodeIdentity).</summary>
public enum CertificateNodeIdentity
{
    /// <summary>The certificate's name alone: every node has a certificate of its own.</summary>
    Certificate,

    /// <summary>The certificate's name and the peer's IP address: nodes share a certificate and report from their own address (Felix in host networking).</summary>
    CertificateAndAddress,

    /// <summary>The certificate's name and the node-name header: nodes share a certificate and name themselves (FlowGen, a proxy).</summary>
    CertificateAndHeader,
}
