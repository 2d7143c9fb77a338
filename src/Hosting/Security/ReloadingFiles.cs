using System.IO;
using System.IO.Hashing;
using Microsoft.Extensions.Logging;

namespace FlowGrain.Hosting.Security;

/// <summary>
/// Something loaded from files (a certificate and key, a CA bundle, a token list) and loaded again when their content
/// changes. Polls the content rather than watching the directory: Kubernetes updates a mounted secret by swapping a
/// symbolic link, which file watchers miss. A change that does not load keeps what was loaded before, and says why.
/// </summary>
public sealed partial class ReloadingFiles<T> : IDisposable where T : class
{
    private readonly string _what;
    private readonly string[] _paths;
    private readonly Func<T> _load;
    private readonly ILogger _logger;
    private readonly Action<bool>? _reloaded;
    private readonly ITimer _timer;
    private readonly Lock _checking = new();
    private ulong _fingerprint;
    private T _current;

    /// <summary>Loads now (a failure throws, so a bad file stops the start) and checks the files every <paramref name="interval"/>.</summary>
    public ReloadingFiles(string what, IEnumerable<string> paths, Func<T> load, TimeSpan interval, TimeProvider time, ILogger logger, Action<bool>? reloaded = null)
    {
        _what = what;
        _paths = [.. paths];
        _load = load;
        _logger = logger;
        _reloaded = reloaded;
        _fingerprint = Fingerprint();
        _current = load();
        _timer = time.CreateTimer(_ => Check(), null, interval, interval);
    }

    /// <summary>What was loaded last.</summary>
    public T Current => Volatile.Read(ref _current);

    /// <summary>Raised after a change was loaded.</summary>
    public event Action<T>? Changed;

    /// <summary>Loads the files again if their content changed since the last look (the timer calls this; tests may too).</summary>
    public void Check()
    {
        lock (_checking)
        {
            ulong fingerprint;
            try
            {
                fingerprint = Fingerprint();
            }
            catch (IOException ex)
            {
                LogUnreadable(_logger, _what, ex.Message);
                return;
            }

            if (fingerprint == _fingerprint) return;
            _fingerprint = fingerprint;
            try
            {
                var loaded = _load();
                Volatile.Write(ref _current, loaded);
                LogReloaded(_logger, _what);
                _reloaded?.Invoke(true);
                Changed?.Invoke(loaded);
            }
            catch (Exception ex) when (ex is SecretFileException or IOException or FormatException or System.Text.Json.JsonException)
            {
                // A half-written rotation usually completes before the next look, which sees new content and tries again.
                LogRejected(_logger, _what, ex.Message);
                _reloaded?.Invoke(false);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private ulong Fingerprint()
    {
        var hash = new XxHash64();
        foreach (var path in _paths)
        {
            hash.Append(File.Exists(path) ? File.ReadAllBytes(path) : []);
            hash.Append([0]);
        }

        return hash.GetCurrentHashAsUInt64();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the changed {What}")]
    private static partial void LogReloaded(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kept the previous {What}: the changed files do not load: {Reason}")]
    private static partial void LogRejected(ILogger logger, string what, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the {What} files to look for a change: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string what, string reason);
}
