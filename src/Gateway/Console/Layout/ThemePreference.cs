using Microsoft.JSInterop;

namespace FlowGrain.Gateway.Console.Layout;

/// <summary>Remembers the viewer's light or dark choice in the browser's local storage (not secret, so not protected).</summary>
public sealed class ThemePreference(IJSRuntime js)
{
    private const string Key = "flowgrain.console.theme";

    /// <summary>The remembered choice: true for dark, false for light, null when the viewer never chose.</summary>
    public async Task<bool?> ReadAsync() => await js.InvokeAsync<string?>("localStorage.getItem", Key) switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };

    public async Task RememberAsync(bool dark) => await js.InvokeVoidAsync("localStorage.setItem", Key, dark ? "dark" : "light");
}
