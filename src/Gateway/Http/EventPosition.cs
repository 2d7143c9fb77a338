using System.Globalization;

namespace FlowGrain.Gateway.Http;

/// <summary>
/// Where a watch stream stands: the window it is in and the last key id sent from it. It is the SSE event id
/// ("window-keyId"), so a browser that reconnects with Last-Event-ID continues right after the last row it got.
/// </summary>
public readonly record struct EventPosition(long Window, long AfterId)
{
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{Window}-{AfterId}");

    /// <summary>The start of a window, before its first row.</summary>
    public static EventPosition StartOf(long window) => new(window, -1);

    public static bool TryParse(string? text, out EventPosition position)
    {
        position = default;
        var parts = text?.Split('-');
        if (parts is not { Length: 2 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var window)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var afterId))
        {
            return false;
        }

        position = new EventPosition(window, afterId);
        return true;
    }
}
