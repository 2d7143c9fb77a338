using System.IO;

namespace FlowGrain.EndToEnd.Tests.Metrics;

/// <summary>The metric tables of docs/metrics.md: name, type, label names and process of every documented metric.</summary>
public static class MetricsDocument
{
    public static Dictionary<string, DocumentedMetric> Read()
    {
        var documented = new Dictionary<string, DocumentedMetric>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(Repository.Root, "docs", "metrics.md")))
        {
            if (!line.StartsWith("| `flowgrain_", StringComparison.Ordinal)) continue;
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            var name = cells[1].Trim('`');
            var labels = cells[3] == "—" ? [] : cells[3].Split(',').Select(l => l.Trim());
            documented[name] = new DocumentedMetric(cells[2], new SortedSet<string>(labels, StringComparer.Ordinal), cells[4]);
        }

        return documented;
    }
}

/// <summary>One row of docs/metrics.md; <paramref name="Process"/> is where it is exported: <c>silo</c> or <c>gateway</c>.</summary>
public sealed record DocumentedMetric(string Type, SortedSet<string> Labels, string Process);
