using System.Diagnostics.Metrics;

namespace FlowGrain.Gateway.Observability;

/// <summary>What the gateway's TLS turns away and reloads (meter "FlowGrain.Gateway"); each family exists once TLS is configured.</summary>
public sealed class SecurityMetrics
{
    /// <summary>Values of the <c>reason</c> label of rejected client certificates.</summary>
    public static readonly string[] CertificateRejections = ["missing", "untrusted"];

    private readonly Meter _meter;
    private Counter<long>? _clientCertificatesRejected;
    private Counter<long>? _reloads;

    public SecurityMetrics(IMeterFactory meterFactory) => _meter = meterFactory.Create(GatewayMetrics.MeterName);

    /// <summary>Starts the client-certificate counter at zero for every reason, so that the first rejection can alert.</summary>
    public void ClientCertificatesRequired()
    {
        _clientCertificatesRejected ??= _meter.CreateCounter<long>("flowgrain_client_certificates_rejected", "{connection}",
            "Collector-port clients turned away for their certificate: missing (refused per request) or untrusted (refused in the handshake).");
        foreach (var reason in CertificateRejections) _clientCertificatesRejected.Add(0, new KeyValuePair<string, object?>("reason", reason));
    }

    public void ClientCertificateRejected(string reason) =>
        _clientCertificatesRejected?.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Starts the reload counter of one certificate ("grpc", "http") at zero.</summary>
    public void CertificateWatched(string certificate)
    {
        _reloads ??= _meter.CreateCounter<long>("flowgrain_certificate_reloads", "{reload}",
            "Changed certificate files seen: loaded (served from then on) or rejected (the previous certificate kept).");
        foreach (var result in new[] { "loaded", "rejected" }) _reloads.Add(0, Tags(certificate, result));
    }

    public void CertificateReloaded(string certificate, bool loaded) => _reloads?.Add(1, Tags(certificate, loaded ? "loaded" : "rejected"));

    private static KeyValuePair<string, object?>[] Tags(string certificate, string result) =>
        [new("certificate", certificate), new("result", result)];
}
