using System.IO;
using System.Text.RegularExpressions;

namespace FlowGrain.Gateway.Tests.Docs;

/// <summary>
/// The gateway's folders form layers that depend one way: a folder uses only folders below it (docs/architecture.md,
/// "Gateway layers"). Checked on the source, so a new folder must be given its place here.
/// </summary>
public sealed partial class GatewayLayeringTests
{
    /// <summary>Bottom to top; folders on one level do not use each other.</summary>
    private static readonly string[][] Layers =
    [
        ["Hosting"],
        ["Observability"],
        ["Security"],
        ["Limits"],
        ["Collector", "Queries"],
        ["Feed", "Wire"],
        ["GrpcServices", "Http"],
        ["Console", "Demo"],
        ["Extensions"],
    ];

    private static readonly string Gateway = Path.Combine(Repository.Root, "src", "Gateway");

    [Fact]
    public void Every_folder_of_the_gateway_has_a_layer()
    {
        var folders = Directory.GetDirectories(Gateway)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "wwwroot" or "Properties"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Layers.SelectMany(l => l).Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void Each_folder_uses_only_folders_of_lower_layers()
    {
        var level = Layers.SelectMany((names, i) => names.Select(name => (name, i))).ToDictionary(p => p.name, p => p.i);
        var violations = new List<string>();
        foreach (var (folder, own) in level)
        {
            var files = Directory.EnumerateFiles(Path.Combine(Gateway, folder), "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal));
            foreach (var file in files)
            {
                foreach (Match used in GatewayNamespace().Matches(File.ReadAllText(file)))
                {
                    var other = used.Groups["folder"].Value;
                    if (other == folder || !level.TryGetValue(other, out var theirs)) continue;
                    if (theirs >= own) violations.Add($"{Path.GetRelativePath(Gateway, file)} uses {other} (layer {theirs}, its own is {own})");
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations.Distinct()));
    }

    [GeneratedRegex(@"FlowGrain\.Gateway\.(?<folder>[A-Z][A-Za-z]+)")]
    private static partial Regex GatewayNamespace();
}
