namespace FlowGrain.Gateway.Console.Charts;

/// <summary>The binary unit a chart's bytes are drawn in, chosen so its largest value reads as a small number.</summary>
public sealed record ByteUnit(string Name, double Size)
{
    private static readonly ByteUnit[] Units = [new("B", 1), new("KiB", 1024), new("MiB", 1024 * 1024), new("GiB", 1024d * 1024 * 1024), new("TiB", 1024d * 1024 * 1024 * 1024)];

    public static ByteUnit For(double largest) => Units.LastOrDefault(unit => largest >= unit.Size) ?? Units[0];

    public double[] Scale(IEnumerable<double> bytes) => [.. bytes.Select(b => Math.Round(b / Size, 2))];
}
