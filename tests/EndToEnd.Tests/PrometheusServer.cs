using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace FlowGrain.EndToEnd.Tests;

/// <summary>A real Prometheus (Debian package <c>prometheus</c>) on a loopback port, scraping the given targets every second.</summary>
public sealed class PrometheusServer : IDisposable
{
    private const string Binary = "/usr/bin/prometheus";

    private readonly string _directory;
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private PrometheusServer(string directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        _http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public static async Task<PrometheusServer> StartAsync(IEnumerable<string> targets, IEnumerable<string> ruleFiles)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install it with `apt-get install prometheus` (.ci/run does).");
        }

        var directory = Directory.CreateTempSubdirectory("flowgrain-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [{string.Join(", ", ruleFiles.Select(f => $"'{f}'"))}]
            scrape_configs:
              - job_name: flowgrain
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}]
            """);

        var port = FreePorts.Take(1)[0];
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PrometheusServer(directory, process, port);
        await server.WaitReadyAsync();
        return server;
    }

    /// <summary>Runs an instant query; returns each series' labels and value.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var document = await GetJsonAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        var data = document.RootElement.GetProperty("data");
        var results = new List<(Dictionary<string, string>, double)>();
        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var value = double.Parse(item.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            results.Add((labels, value));
        }

        return results;
    }

    /// <summary>Waits until the query returns what <paramref name="expected"/> accepts; returns the last answer.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryUntilAsync(
        string promql, Func<List<(Dictionary<string, string> Labels, double Value)>, bool> expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await QueryAsync(promql);
            if (expected(result) || DateTime.UtcNow > deadline) return result;
            await Task.Delay(500);
        }
    }

    /// <summary>The raw JSON of a Prometheus API path (e.g. api/v1/rules, api/v1/targets).</summary>
    public async Task<JsonDocument> GetJsonAsync(string path)
    {
        var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(path, UriKind.Relative)));
        var status = document.RootElement.GetProperty("status").GetString();
        return status == "success" ? document : throw new InvalidOperationException($"Prometheus answered {status} for {path}: {document.RootElement}");
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Prometheus may still hold a file for a moment; the temp directory is cleaned by the OS.
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}");
            try
            {
                using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("Prometheus did not become ready.");
    }
}
