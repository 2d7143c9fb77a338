using System.Globalization;

namespace FlowGrain.FlowGen;

/// <summary>Reads durations as people write them on a command line: 500ms, 15s, 2m, 1h, or a TimeSpan (00:00:15).</summary>
public static class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        var value = text.Trim();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0)
            {
                return TimeSpan.FromSeconds(amount * seconds);
            }
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : throw new FormatException($"{option}: '{text}' is not a duration; write e.g. 500ms, 15s, 2m or 1h.");
    }
}
