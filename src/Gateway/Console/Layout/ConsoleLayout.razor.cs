using FlowGrain.Gateway.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace FlowGrain.Gateway.Console.Layout;

/// <summary>The console's frame: theme (remembered per browser), app bar with the cluster feed's status and the viewer, and the page.</summary>
public sealed partial class ConsoleLayout : IDisposable
{
    private MudThemeProvider? _themeProvider;
    private bool _dark;
    private string? _viewer;
    private string? _viewerScope;

    [Inject]
    private ThemePreference Preference { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    /// <summary>With authentication on, who is signed in and what they see, next to the sign-out button.</summary>
    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true) return;
        Authentication.AuthenticationStateChanged += OnAuthenticationChanged;
        _viewer = user.Identity.Name;
        _viewerScope = CallerClaims.ScopeOf(user) is { } scope ? "Sees namespaces: " + string.Join(", ", scope.Namespaces) : "Sees every namespace";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _themeProvider is null) return;
        _dark = await Preference.ReadAsync() ?? await _themeProvider.GetSystemDarkModeAsync();
        StateHasChanged();
    }

    /// <summary>
    /// The viewer's session ended while the page was open (its token was removed): reloading ends the circuit and
    /// its live table, and the gateway asks for a new sign-in.
    /// </summary>
    private void OnAuthenticationChanged(Task<AuthenticationState> changed) => _ = InvokeAsync(async () =>
    {
        if ((await changed).User.Identity?.IsAuthenticated != true) Navigation.NavigateTo(Navigation.Uri, forceLoad: true);
    });

    public void Dispose() => Authentication.AuthenticationStateChanged -= OnAuthenticationChanged;

    private async Task ToggleThemeAsync()
    {
        _dark = !_dark;
        await Preference.RememberAsync(_dark);
    }
}
