namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>
/// Environment variables of this test process, set for one test and restored after it. Tests that use it run in
/// this collection, alone, since every other test in the process sees the same variables.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment : IDisposable
{
    public const string Name = "process environment";

    private readonly (string Name, string? Value)[] _before;

    private ProcessEnvironment((string Name, string? Value)[] before) => _before = before;

    public static ProcessEnvironment Set(params (string Name, string Value)[] variables)
    {
        var before = variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
        return new ProcessEnvironment(before);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _before) Environment.SetEnvironmentVariable(name, value);
    }
}
