using System.Text.RegularExpressions;

namespace FlowGrain.EndToEnd.Tests.Metrics;

/// <summary>The metric families of a Prometheus text exposition: type and label names, FlowGrain's own only.</summary>
public static partial class Exposition
{
    private static readonly HashSet<string> ExporterLabels = ["otel_scope_name", "otel_scope_version", "le"];

    public static Dictionary<string, (string Type, SortedSet<string> Labels)> FlowGrainFamilies(string text)
    {
        var families = new Dictionary<string, (string Type, SortedSet<string> Labels)>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE flowgrain_", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                families[parts[2]] = (parts[3], new SortedSet<string>(StringComparer.Ordinal));
            }
            else if (line.StartsWith("flowgrain_", StringComparison.Ordinal))
            {
                var sample = Sample().Match(line);
                var family = families.Keys.Where(f => sample.Groups["name"].Value.StartsWith(f, StringComparison.Ordinal)).MaxBy(f => f.Length)!;
                foreach (Match label in LabelName().Matches(sample.Groups["labels"].Value))
                {
                    if (!ExporterLabels.Contains(label.Groups[1].Value)) families[family].Labels.Add(label.Groups[1].Value);
                }
            }
        }

        return families;
    }

    /// <summary>Only the lines of FlowGrain's families, for linting them apart from other libraries' metrics.</summary>
    public static string FlowGrainOnly(string text) => string.Join('\n', text.Split('\n').Where(line =>
        line.StartsWith("flowgrain_", StringComparison.Ordinal) || line.StartsWith("# TYPE flowgrain_", StringComparison.Ordinal)
        || line.StartsWith("# HELP flowgrain_", StringComparison.Ordinal))) + "\n";

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s")]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();
}
