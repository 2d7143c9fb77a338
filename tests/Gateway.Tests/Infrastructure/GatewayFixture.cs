using Microsoft.Extensions.Time.Testing;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>A standalone gateway for one test class (its own silo, ports and cluster), so classes never see each other's flows.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    /// <summary>A window-aligned instant (a multiple of 15 s) plus one second.</summary>
    public static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000 + 1);

    public FakeTimeProvider Time { get; } = new(Epoch);

    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync(Time);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
