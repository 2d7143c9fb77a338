using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>The settings the processes read: every property of every options class (a class with a <c>SectionName</c>).</summary>
public static partial class SettingKeys
{
    private static readonly Assembly[] Programs =
    [
        typeof(FlowGrain.Gateway.GatewayApp).Assembly, typeof(FlowGrain.Silo.SiloApp).Assembly,
        typeof(FlowGrain.Hosting.HostRunner).Assembly, typeof(FlowGrain.Grains.Metrics.MetricsOptions).Assembly,
        typeof(FlowGrain.Abstractions.Time.AggregationOptions).Assembly,
    ];

    /// <summary>Every options class and its section.</summary>
    public static IReadOnlyList<(Type Type, string Section)> OptionsClasses { get; } = Programs.SelectMany(a => a.GetTypes())
        .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
        .Where(t => t.Section is not null)
        .Select(t => (t.Type, t.Section!))
        .ToList();

    /// <summary>Every key, as <c>Section:Key</c> (<c>Cluster:Tls:CaFile</c> for sub-sections), in ordinal order.</summary>
    public static IReadOnlyList<string> All { get; } = OptionsClasses.SelectMany(t => Keys(t.Section, t.Type)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The README configuration table: each row's key and its Process column (gateway, silo, both, …).</summary>
    public static IReadOnlyDictionary<string, string> ReadmeRows() => File.ReadLines(Path.Combine(Repository.Root, "README.md"))
        .Select(line => TableRow().Match(line))
        .Where(m => m.Success)
        .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["process"].Value.Trim(), StringComparer.Ordinal);

    /// <summary>The keys of an options class; a property that is itself a class of ours is a sub-section (e.g. Cluster:Tls:CaFile).</summary>
    private static IEnumerable<string> Keys(string prefix, Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).SelectMany(p =>
            p.PropertyType.IsClass && Programs.Contains(p.PropertyType.Assembly) ? Keys($"{prefix}:{p.Name}", p.PropertyType) : [$"{prefix}:{p.Name}"]);

    [GeneratedRegex(@"^\| `(?<key>[A-Z][A-Za-z]+(:[A-Z][A-Za-z]+)+)` \|[^|]*\|(?<process>[^|]*)\|")]
    private static partial Regex TableRow();
}
