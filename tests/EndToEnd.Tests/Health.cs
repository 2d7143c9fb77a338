namespace FlowGrain.EndToEnd.Tests;

/// <summary>Waits for a FlowGrain process to answer /readyz with Healthy: it has joined the cluster and serves.</summary>
public static class Health
{
    public static Task WaitReadyAsync(int httpPort, TestProcess process, TimeSpan? timeout = null) =>
        WaitReadyAsync("127.0.0.1", httpPort, process, timeout);

    /// <summary>As <see cref="WaitReadyAsync(int, TestProcess, TimeSpan?)"/>, for a process that listens on another address.</summary>
    public static async Task WaitReadyAsync(string host, int httpPort, TestProcess process, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The process exited with {process.ExitCode}:\n{process.Output}");
            try
            {
                var body = await http.GetStringAsync(new Uri($"http://{host}:{httpPort}/readyz"));
                if (body == "Healthy") return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No ready answer on port {httpPort}. Output:\n{process.Output}");
    }
}
