namespace FlowGrain.Console.Tests.Infrastructure;

/// <summary>One gateway with demo traffic and one Chromium for all browser tests of the "console" collection.</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public GatewayProcess Gateway { get; private set; } = null!;

    public Chromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Charts refresh every 2 s here (10 s by default), so tests see the traffic that arrived after they opened.
        var gateway = GatewayProcess.StartAsync("--Console:ChartRefresh=00:00:02");
        var chromium = Chromium.LaunchAsync();
        Gateway = await gateway;
        Chromium = await chromium;
        await Gateway.WaitForDemoTrafficAsync(rows: 60);
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        if (Gateway is not null) await Gateway.DisposeAsync();
    }
}
