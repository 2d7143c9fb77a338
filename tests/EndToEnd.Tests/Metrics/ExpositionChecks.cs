using System.Diagnostics;

namespace FlowGrain.EndToEnd.Tests.Metrics;

/// <summary>What every FlowGrain /metrics endpoint must satisfy: valid text format, and nothing undocumented.</summary>
public static class ExpositionChecks
{
    /// <summary>
    /// Lints the exposition with <c>promtool check metrics</c>, checks that every FlowGrain family it holds is in
    /// docs/metrics.md with the same type and labels (and, when <paramref name="process"/> is given, is documented as
    /// that process's), and that each of <paramref name="mustExpose"/> is there.
    /// </summary>
    public static async Task AssertCleanAndDocumentedAsync(int httpPort, IEnumerable<string> mustExpose, string? process = null)
    {
        using var http = new HttpClient();
        var exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{httpPort}/metrics"));

        var lint = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using (var promtool = Process.Start(lint)!)
        {
            await promtool.StandardInput.WriteAsync(Exposition.FlowGrainOnly(exposition));
            promtool.StandardInput.Close();
            var problems = await promtool.StandardError.ReadToEndAsync() + await promtool.StandardOutput.ReadToEndAsync();
            await promtool.WaitForExitAsync();
            Assert.True(promtool.ExitCode == 0, "promtool check metrics: " + problems);
        }

        var documented = MetricsDocument.Read();
        var exposed = Exposition.FlowGrainFamilies(exposition);
        Assert.All(mustExpose, name => Assert.True(exposed.ContainsKey(name), $"{name} is not exposed on port {httpPort}"));
        foreach (var (name, (type, labels)) in exposed)
        {
            Assert.True(documented.TryGetValue(name, out var doc), $"{name} is exposed but not in docs/metrics.md");
            Assert.Equal((doc.Type, string.Join(",", doc.Labels)), (type, string.Join(",", labels)));
            if (process is not null) Assert.True(doc.Process == process, $"{name} is exported by the {process} but documented as the {doc.Process}'s");
        }
    }
}
