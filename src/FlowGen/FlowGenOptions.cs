using System.IO;

namespace FlowGrain.FlowGen;

/// <summary>What to simulate and how: the size of the cluster, the pace of reports and Felix's client behaviour.</summary>
public sealed record FlowGenOptions
{
    /// <summary>
    /// The collector's address, "host:port" as in Felix's flowLogsGoldmaneServer, or an http:// URL; several,
    /// comma-separated, stand for replicas behind one Service: nodes spread over them and move on when one fails.
    /// </summary>
    public string Target { get; init; } = "localhost:7443";

    /// <summary>Simulated nodes, each with its own Connect stream.</summary>
    public int Nodes { get; init; } = 5;

    /// <summary>Flows each node reports per flush interval.</summary>
    public int FlowsPerNode { get; init; } = 50;

    /// <summary>Namespaces of the simulated cluster.</summary>
    public int Namespaces { get; init; } = 8;

    /// <summary>Flush interval of every node (Calico's default is 15 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long to report; null reports until cancelled.</summary>
    public TimeSpan? Duration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Updates in flight per stream: 1 is Felix's stop-and-wait, more is a load test.</summary>
    public int Inflight { get; init; } = 1;

    /// <summary>Break every node's stream this often, to exercise reconnect and replay; null never.</summary>
    public TimeSpan? DisconnectEvery { get; init; }

    /// <summary>Invalid updates each node adds per interval (excluded from what it expects to be counted).</summary>
    public int BadFlowsPerInterval { get; init; }

    /// <summary>Prefix of every namespace and host name, so runs against a shared collector do not mix; empty for none.</summary>
    public string Tag { get; init; } = "";

    /// <summary>Seed of the simulated cluster and traffic.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Check through Flows.List that the collector's totals equal what was sent.</summary>
    public bool Verify { get; init; }

    /// <summary>How long verification waits for the totals to match.</summary>
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often progress is printed; null for none.</summary>
    public TimeSpan? ProgressEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Felix keeps what it sent this long and replays it on every reconnect.</summary>
    public TimeSpan ReplayWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>PEM CA bundle the collector's certificate must chain to; setting it (or a client certificate) dials TLS.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM client certificate presented to the collector (mutual TLS, as Felix does).</summary>
    public string? CertificateFile { get; init; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Bearer token for the query API that --verify reads, when the collector's gateway requires one.</summary>
    public string? Token { get; init; }

    /// <summary>Whether the collector is dialled over TLS: a TLS setting or an https:// target.</summary>
    public bool UsesTls => CaFile is not null || CertificateFile is not null || Target.Contains("https://", StringComparison.Ordinal);

    /// <summary>The addresses as URLs the gRPC client accepts, in the order given.</summary>
    public IReadOnlyList<Uri> TargetUris => [.. Target.Split(',', StringSplitOptions.TrimEntries).Select(ToUri)];

    private Uri ToUri(string target) =>
        target.Contains("://", StringComparison.Ordinal) ? new Uri(target) : new Uri((CaFile is not null || CertificateFile is not null ? "https://" : "http://") + target);

    private string? TargetProblem()
    {
        foreach (var entry in Target.Split(',', StringSplitOptions.TrimEntries))
        {
            if (entry.Length == 0) return "--target has an empty entry; give host:port or URLs separated by commas";
            var url = entry.Contains("://", StringComparison.Ordinal) ? entry : "http://" + entry;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            {
                return $"--target entry '{entry}' is not host:port or an http(s):// URL";
            }
        }

        return null;
    }

    /// <summary>A description of what is wrong with these options, or null.</summary>
    public string? Problem() => this switch
    {
        { Nodes: < 1 or > 100_000 } => "--nodes must be between 1 and 100000",
        { FlowsPerNode: < 1 or > 1_000_000 } => "--flows must be between 1 and 1000000",
        { Namespaces: < 1 or > 100_000 } => "--namespaces must be between 1 and 100000",
        { Inflight: < 1 or > 100_000 } => "--inflight must be between 1 and 100000",
        { BadFlowsPerInterval: < 0 } => "--bad-flows must not be negative",
        _ when Interval < TimeSpan.FromSeconds(1) || Interval.Ticks % TimeSpan.TicksPerSecond != 0 => "--interval must be a whole number of seconds (start times are whole seconds)",
        _ when Duration is { } d && d <= TimeSpan.Zero => "--duration must be positive",
        _ when DisconnectEvery is { } d && d < TimeSpan.FromMilliseconds(100) => "--disconnect-every must be at least 100 ms",
        _ when Verify && Duration is null => "--verify needs a --duration",
        _ when TargetProblem() is { } problem => problem,
        _ when (CertificateFile is null) != (KeyFile is null) => "--cert-file and --key-file go together",
        _ when new[] { CaFile, CertificateFile, KeyFile }.FirstOrDefault(f => f is not null && !File.Exists(f)) is { } missing => $"{missing} does not exist",
        _ => null,
    };
}
