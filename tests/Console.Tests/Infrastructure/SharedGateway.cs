namespace FlowGrain.Console.Tests.Infrastructure;

/// <summary>The browser tests that share one gateway with demo traffic and one Chromium; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedGateway : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
