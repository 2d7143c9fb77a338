using System.Collections.Concurrent;
using Grpc.Core;

namespace FlowGrain.Gateway.Collector;

/// <summary>
/// Warns, once per certificate, when nodes identified by their certificate alone report from several addresses: if
/// they share the certificate, their flows are taken for one node's replays and not counted. Tls:NodeIdentity fixes it.
/// </summary>
public sealed partial class SharedCertificateWarning(ILogger<SharedCertificateWarning> logger)
{
    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, string> _firstAddress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public void Seen(string node, ServerCallContext context)
    {
        // Only identities made of a certificate's name alone ("cert:name", no address or header added).
        if (!node.StartsWith("cert:", StringComparison.Ordinal) || node.Contains('@', StringComparison.Ordinal) || node.Contains('/', StringComparison.Ordinal)) return;
        var address = context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (_firstAddress.Count >= MaxTracked && !_firstAddress.ContainsKey(node)) return;
        var first = _firstAddress.GetOrAdd(node, address);
        if (first != address && _warned.TryAdd(node, true)) LogShared(logger, node[5..], first, address);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Client certificate {Name} reports from {First} and {Second}: if nodes share it (as Calico's node-certs), their flows are counted as one node's; set Tls:NodeIdentity to CertificateAndAddress")]
    private static partial void LogShared(ILogger logger, string name, string first, string second);
}
