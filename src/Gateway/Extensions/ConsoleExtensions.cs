using System.IO;
using FlowGrain.Gateway.Console;
using FlowGrain.Gateway.Console.Layout;
using FlowGrain.Gateway.Console.Live;
using FlowGrain.Gateway.Console.Traffic;
using MudBlazor;
using MudBlazor.Services;

namespace FlowGrain.Gateway.Extensions;

/// <summary>The web console at <c>/</c>: Blazor interactive server components with MudBlazor, on the HTTP port.</summary>
public static class ConsoleExtensions
{
    public static WebApplicationBuilder AddFlowGrainConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>()
            .Bind(builder.Configuration.GetSection(ConsoleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Serves the console's files from the build output in every environment (`dotnet run`), not only in Development.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(mud =>
        {
            mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            mud.SnackbarConfiguration.PreventDuplicates = true;
        });
        builder.Services.AddSingleton<LiveBackfill>();
        builder.Services.AddScoped<LiveFlowSession>();
        builder.Services.AddScoped<ThemePreference>();
        builder.Services.AddSingleton<TrafficQueries>();
        return builder;
    }

    public static WebApplication MapFlowGrainConsole(this WebApplication app)
    {
        app.UseAntiforgery();
        // The manifest carries the gateway's assembly name; a host that embeds the gateway (the API tests) has none and serves no console files.
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{typeof(App).Assembly.GetName().Name}.staticwebassets.endpoints.json");
        if (File.Exists(manifest)) app.MapStaticAssets(manifest);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
