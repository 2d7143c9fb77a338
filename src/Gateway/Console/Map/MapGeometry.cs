using System.Globalization;

namespace FlowGrain.Gateway.Console.Map;

/// <summary>
/// How the map draws its graph: node sizes and edge widths grow with bytes (logarithmically, so a quiet namespace stays
/// visible next to a busy one); edges curve to their left, so traffic each way between two places draws two lines.
/// </summary>
public static class MapGeometry
{
    public const double MinRadius = 16;
    public const double MaxRadius = 30;
    public const double MinStroke = 1.5;
    public const double MaxStroke = 9;

    public static double Radius(long bytes, long maxBytes) => MinRadius + ((MaxRadius - MinRadius) * Scale(bytes, maxBytes));

    public static double Stroke(long bytes, long maxBytes) => MinStroke + ((MaxStroke - MinStroke) * Scale(bytes, maxBytes));

    /// <summary>An SVG path from the edge of one node to the edge of the other, bent to the left of the direction of traffic.</summary>
    public static string Path(MapNode from, double fromRadius, MapNode to, double toRadius)
    {
        var (dx, dy) = (to.X - from.X, to.Y - from.Y);
        var length = Math.Max(1, Math.Sqrt((dx * dx) + (dy * dy)));
        var (ux, uy) = (dx / length, dy / length);
        var (nx, ny) = (uy, -ux);
        var bend = length * 0.12;
        var (sx, sy) = (from.X + (ux * fromRadius) + (nx * 4), from.Y + (uy * fromRadius) + (ny * 4));
        var (ex, ey) = (to.X - (ux * (toRadius + 6)) + (nx * 4), to.Y - (uy * (toRadius + 6)) + (ny * 4));
        var (cx, cy) = (((sx + ex) / 2) + (nx * bend), ((sy + ey) / 2) + (ny * bend));
        return Invariant($"M {sx:0.#} {sy:0.#} Q {cx:0.#} {cy:0.#} {ex:0.#} {ey:0.#}");
    }

    /// <summary>A loop outside the node for traffic within one place, pointing away from the centre of the map.</summary>
    public static string Loop(MapNode node, double radius, double centreX, double centreY)
    {
        var angle = Math.Atan2(node.Y - centreY, node.X - centreX);
        (double X, double Y) At(double a, double distance) => (node.X + (Math.Cos(a) * distance), node.Y + (Math.Sin(a) * distance));
        var start = At(angle - 0.5, radius);
        var end = At(angle + 0.5, radius + 4);
        var c1 = At(angle - 0.6, radius + 48);
        var c2 = At(angle + 0.6, radius + 48);
        return Invariant($"M {start.X:0.#} {start.Y:0.#} C {c1.X:0.#} {c1.Y:0.#} {c2.X:0.#} {c2.Y:0.#} {end.X:0.#} {end.Y:0.#}");
    }

    private static double Scale(long value, long max) => max <= 0 ? 0 : Math.Log(1 + Math.Max(0, value)) / Math.Log(1 + max);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
