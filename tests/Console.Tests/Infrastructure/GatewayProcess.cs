using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FlowGrain.Console.Tests.Infrastructure;

/// <summary>
/// The gateway started the way the README starts it (<c>dotnet run --project src/Gateway -- --demo</c>), on free loopback
/// ports, with its output kept for failure messages. It can be killed and started again on the same ports.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private GatewayProcess(int grpcPort, int httpPort, string[] arguments)
    {
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        _arguments = arguments;
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    /// <summary>The console's address.</summary>
    public Uri Url => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>The collector's address, as FlowGen takes it.</summary>
    public string Collector => $"127.0.0.1:{GrpcPort}";

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts a standalone gateway with demo traffic and waits until it is healthy.</summary>
    public static async Task<GatewayProcess> StartAsync(params string[] settings)
    {
        var ports = FreePorts.Take(4).Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray();
        string[] arguments =
        [
            "run", "--no-build", "-c", Repository.Configuration, "--project", "src/Gateway", "--",
            "--demo", "--Gateway:ListenAddress=127.0.0.1", $"--Gateway:GrpcPort={ports[0]}", $"--Gateway:HttpPort={ports[1]}",
            $"--Cluster:SiloPort={ports[2]}", $"--Cluster:GatewayPort={ports[3]}", "--Logging:LogLevel:Default=Warning", .. settings,
        ];
        var gateway = new GatewayProcess(int.Parse(ports[0], CultureInfo.InvariantCulture), int.Parse(ports[1], CultureInfo.InvariantCulture), arguments);
        await gateway.StartAgainAsync();
        return gateway;
    }

    /// <summary>Starts the same command on the same ports (after <see cref="Kill"/>) and waits until it is healthy.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Ends the gateway at once, as a crash or a node failure would.</summary>
    public void Kill()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
        _process = null;
    }

    /// <summary>Waits until the demo has reported at least <paramref name="rows"/> flows (asked through the HTTP API).</summary>
    public async Task WaitForDemoTrafficAsync(int rows)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var answer = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(Url, "whisker-backend/flows?startTimeGte=-300&pageSize=1")));
            if (answer.RootElement.GetProperty("total").GetProperty("totalResults").GetInt64() >= rows) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The demo reported fewer than {rows} flows within a minute. Output:\n{Output}");
            await Task.Delay(250);
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"The gateway exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if (await http.GetStringAsync(new Uri(Url, "readyz")) == "Healthy") return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The gateway did not become healthy on port {HttpPort}. Output:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }
}
