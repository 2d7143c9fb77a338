using System.Diagnostics;
using System.IO;
using System.Text;

namespace FlowGrain.EndToEnd.Tests;

/// <summary>A program started the way a user starts it, with its output kept for assertions and failure messages.</summary>
public sealed class TestProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TestProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id: of the program itself when started with <see cref="Built"/>, of <c>dotnet run</c> otherwise.</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Runs <c>dotnet</c> with the given arguments in the repository root.</summary>
    private static TestProcess Dotnet(params string[] args) => Dotnet(new Dictionary<string, string>(), args);

    /// <summary>Runs <c>dotnet</c> with the given arguments in the repository root, with <paramref name="environment"/> added to this process's.</summary>
    private static TestProcess Dotnet(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new TestProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>
    /// Runs one of the repository's programs as the README does (<c>dotnet run --project</c>), from the build these
    /// tests were built with.
    /// </summary>
    public static TestProcess Program(string project, params string[] arguments) =>
        Dotnet(["run", "--no-build", "-c", Repository.Configuration, "--project", project, "--", .. arguments]);

    /// <summary>
    /// Runs one of the repository's programs from the build these tests were built with, as <c>dotnet Program.dll</c>,
    /// so that signals reach the program itself (<c>dotnet run</c> would stand between).
    /// </summary>
    public static TestProcess Built(string project, params string[] arguments) => Built(project, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Built(string, string[])"/>, with environment variables (as a container's manifest gives them).</summary>
    public static TestProcess Built(string project, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var name = Path.GetFileName(project) switch
        {
            "FlowGen" => "flowgen", // FlowGen's assembly is named after its command
            var folder => "FlowGrain." + folder,
        };
        var dll = Path.Combine(Repository.Root, project, "bin", Repository.Configuration, "net10.0", name + ".dll");
        return Dotnet(environment, [dll, .. arguments]);
    }

    /// <summary>kill -9: the process ends at once, without any chance to clean up.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill();
    }

    /// <summary>SIGTERM, as Kubernetes or systemd stop a process; returns its exit code and how long it took to end.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var exit = await WaitForExitAsync(timeout);
        return (exit, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Waits for the program to end and returns its exit code; fails with its output if it takes too long.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not finish within {timeout}. Output:\n{Output}");
        }

        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
