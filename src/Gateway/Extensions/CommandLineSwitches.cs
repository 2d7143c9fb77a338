namespace FlowGrain.Gateway.Extensions;

/// <summary>Bare switches on the command line (e.g. <c>--demo</c>) as configuration keys the host understands.</summary>
public static class CommandLineSwitches
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--demo"] = "--Demo:Enabled=true",
    };

    public static string[] Expand(string[] args) =>
        [.. args.Select(arg => Switches.TryGetValue(arg, out var expanded) ? expanded : arg)];
}
