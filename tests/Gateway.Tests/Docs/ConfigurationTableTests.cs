using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;

namespace FlowGrain.Gateway.Tests.Docs;

/// <summary>The README's configuration table lists every setting the processes read, and nothing they do not.</summary>
public sealed partial class ConfigurationTableTests
{
    private static readonly Assembly[] Programs =
    [
        typeof(FlowGrain.Gateway.GatewayApp).Assembly, typeof(FlowGrain.Silo.SiloApp).Assembly,
        typeof(FlowGrain.Hosting.HostRunner).Assembly, typeof(FlowGrain.Grains.Metrics.MetricsOptions).Assembly,
        typeof(FlowGrain.Abstractions.Time.AggregationOptions).Assembly,
    ];

    [Fact]
    public void Every_setting_of_every_options_class_is_in_the_readme_table_and_every_row_is_a_setting()
    {
        var settings = Programs.SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.Section is not null)
            .SelectMany(t => Keys(t.Section!, t.Type))
            .Order(StringComparer.Ordinal)
            .ToList();

        var rows = File.ReadLines(Path.Combine(Repository.Root, "README.md"))
            .Select(line => TableKey().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["key"].Value)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(settings.Count > 30, $"only {settings.Count} settings found");
        Assert.Equal(settings, rows);
    }

    /// <summary>The keys of an options class; a property that is itself a class of ours is a sub-section (e.g. Cluster:Tls:CaFile).</summary>
    private static IEnumerable<string> Keys(string prefix, Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).SelectMany(p =>
            p.PropertyType.IsClass && Programs.Contains(p.PropertyType.Assembly) ? Keys($"{prefix}:{p.Name}", p.PropertyType) : [$"{prefix}:{p.Name}"]);

    [GeneratedRegex(@"^\| `(?<key>[A-Z][A-Za-z]+(:[A-Z][A-Za-z]+)+)` \|")]
    private static partial Regex TableKey();
}
