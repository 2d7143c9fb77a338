namespace FlowGrain.Gateway.Tests.Fuzzing;

/// <summary>The fuzz tests run one at a time and apart from every other test, so the memory they measure is their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzRuns
{
    public const string Name = "fuzz";
}
