using System.IO;

namespace FlowGrain.EndToEnd.Tests.Metrics;

/// <summary>The metric tables of docs/metrics.md: name, type and label names of every documented metric.</summary>
public static class MetricsDocument
{
    public static Dictionary<string, (string Type, SortedSet<string> Labels)> Read()
    {
        var documented = new Dictionary<string, (string, SortedSet<string>)>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(Repository.Root, "docs", "metrics.md")))
        {
            if (!line.StartsWith("| `flowgrain_", StringComparison.Ordinal)) continue;
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            var name = cells[1].Trim('`');
            var labels = cells[3] == "—" ? [] : cells[3].Split(',').Select(l => l.Trim());
            documented[name] = (cells[2], new SortedSet<string>(labels, StringComparer.Ordinal));
        }

        return documented;
    }
}
