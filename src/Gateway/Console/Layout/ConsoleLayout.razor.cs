using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FlowGrain.Gateway.Console.Layout;

/// <summary>The console's frame: theme (remembered per browser), app bar with the cluster feed's status, and the page.</summary>
public sealed partial class ConsoleLayout
{
    private MudThemeProvider? _themeProvider;
    private bool _dark;

    [Inject]
    private ThemePreference Preference { get; set; } = null!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _themeProvider is null) return;
        _dark = await Preference.ReadAsync() ?? await _themeProvider.GetSystemDarkModeAsync();
        StateHasChanged();
    }

    private async Task ToggleThemeAsync()
    {
        _dark = !_dark;
        await Preference.RememberAsync(_dark);
    }
}
