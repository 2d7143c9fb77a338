using System.Diagnostics;
using System.IO;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlowGrain.SideBySide;

/// <summary>A server under test, started from its build output; its output is kept for when it fails.</summary>
internal sealed class ServerProcess : IServerUnderTest
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Resident memory now, in MiB (VmRSS).</summary>
    public double ResidentMiB => StatusKiB("VmRSS:") / 1024.0;

    /// <summary>CPU time the process has used so far (user and system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static ServerProcess Start(string name, string dll, IEnumerable<string> arguments)
    {
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build first with `dotnet build -c Release bench/FlowGrain.SideBySide`.");
        return StartProgram(name, "dotnet", [dll, .. arguments]);
    }

    /// <summary>Starts a program found on the PATH (e.g. redis-server).</summary>
    public static ServerProcess StartProgram(string name, string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            return new ServerProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start"));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{name}: {program} could not be started ({ex.Message}); is it installed?", ex);
        }
    }

    /// <summary>Waits until <paramref name="ready"/> holds, or fails with the server's output.</summary>
    public async Task WaitAsync(Func<Task<bool>> ready, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if (await ready()) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private long StatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }

        return 0;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
