using MudBlazor;

namespace FlowGrain.Gateway.Console.Layout;

/// <summary>The console's light and dark palettes: allowed traffic in the primary colour, denied in red, in both.</summary>
public static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#00897b",
            AppbarBackground = "#1565c0",
            Error = "#d32f2f",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64b5f6",
            Secondary = "#4db6ac",
            AppbarBackground = "#1e1e2d",
            Error = "#ef5350",
        },
        LayoutProperties = new LayoutProperties { AppbarHeight = "52px" },
    };
}
