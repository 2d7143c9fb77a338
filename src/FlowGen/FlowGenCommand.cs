using System.IO;
using System.CommandLine;
using System.Globalization;
using FlowGrain.FlowGen.Model;

namespace FlowGrain.FlowGen;

/// <summary>FlowGen's command line: options, defaults, help and validation.</summary>
public static class FlowGenCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var defaults = new FlowGenOptions();
        var target = new Option<string>("--target") { Description = "Collector address, host:port as in Felix's flowLogsGoldmaneServer, or an http:// URL; several comma-separated (replicas): nodes spread over them and move to the next when a stream fails.", DefaultValueFactory = _ => defaults.Target };
        var nodes = new Option<int>("--nodes") { Description = "Simulated nodes; each opens its own Connect stream.", DefaultValueFactory = _ => defaults.Nodes };
        var flows = new Option<int>("--flows") { Description = "Flows each node reports per interval.", DefaultValueFactory = _ => defaults.FlowsPerNode };
        var namespaces = new Option<int>("--namespaces") { Description = "Namespaces of the simulated cluster.", DefaultValueFactory = _ => defaults.Namespaces };
        var interval = new Option<string>("--interval") { Description = "Flush interval: 15s, 2s, 1m.", DefaultValueFactory = _ => "15s" };
        var duration = new Option<string>("--duration") { Description = "How long to report (e.g. 60s, 5m), or 'forever'.", DefaultValueFactory = _ => "60s" };
        var inflight = new Option<int>("--inflight") { Description = "Updates in flight per stream: 1 is Felix's stop-and-wait; more pipelines for load.", DefaultValueFactory = _ => 1 };
        var disconnect = new Option<string?>("--disconnect-every") { Description = "Break every stream this often to exercise reconnect + replay (e.g. 20s)." };
        var bad = new Option<int>("--bad-flows") { Description = "Invalid updates each node adds per interval; the collector must refuse them.", DefaultValueFactory = _ => 0 };
        var tag = new Option<string?>("--tag") { Description = "Prefix of namespaces and hosts (default: none, or a random one with --verify so runs do not mix)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated cluster and traffic.", DefaultValueFactory = _ => 1 };
        var verify = new Option<bool>("--verify") { Description = "After sending, check through Flows.List that the totals equal what was sent." };
        var verifyTimeout = new Option<string>("--verify-timeout") { Description = "How long to wait for the totals to match.", DefaultValueFactory = _ => "60s" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress or reconnect lines." };
        var caFile = new Option<string?>("--ca-file") { Description = "PEM CA bundle the collector's certificate must chain to; dials TLS (the host in --target must be in its certificate)." };
        var certFile = new Option<string?>("--cert-file") { Description = "PEM client certificate to present (mutual TLS, as Felix); with --key-file." };
        var keyFile = new Option<string?>("--key-file") { Description = "PEM private key of --cert-file." };
        var token = new Option<string?>("--token") { Description = "Bearer token for the query API --verify reads, when the gateway requires one." };

        var command = new RootCommand("FlowGen: simulates Calico nodes (Felix) reporting flows to a goldmane-compatible collector such as FlowGrain.")
        {
            target, nodes, flows, namespaces, interval, duration, inflight, disconnect, bad, tag, seed, verify, verifyTimeout, quiet,
            caFile, certFile, keyFile, token,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            FlowGenOptions options;
            try
            {
                var verifying = parse.GetValue(verify);
                options = new FlowGenOptions
                {
                    Target = parse.GetValue(target)!,
                    Nodes = parse.GetValue(nodes),
                    FlowsPerNode = parse.GetValue(flows),
                    Namespaces = parse.GetValue(namespaces),
                    Interval = Durations.Parse(parse.GetValue(interval)!, "--interval"),
                    Duration = parse.GetValue(duration) is "forever" ? null : Durations.Parse(parse.GetValue(duration)!, "--duration"),
                    Inflight = parse.GetValue(inflight),
                    DisconnectEvery = parse.GetValue(disconnect) is { } every ? Durations.Parse(every, "--disconnect-every") : null,
                    BadFlowsPerInterval = parse.GetValue(bad),
                    Tag = parse.GetValue(tag) ?? (verifying ? "run" + Random.Shared.Next(0x10000, 0xFFFFF).ToString("x5", CultureInfo.InvariantCulture) : ""),
                    Seed = parse.GetValue(seed),
                    Verify = verifying,
                    VerifyTimeout = Durations.Parse(parse.GetValue(verifyTimeout)!, "--verify-timeout"),
                    ProgressEvery = parse.GetValue(quiet) ? null : TimeSpan.FromSeconds(5),
                    CaFile = parse.GetValue(caFile),
                    CertificateFile = parse.GetValue(certFile),
                    KeyFile = parse.GetValue(keyFile),
                    Token = parse.GetValue(token),
                };
            }
            catch (FormatException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return 2;
            }

            if (options.Problem() is { } problem)
            {
                await error.WriteLineAsync(problem);
                return 2;
            }

            try
            {
                return await new FlowGenerator(options, output).RunAsync(cancellationToken);
            }
            catch (ClusterModelException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return 2;
            }
        });

        return await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
