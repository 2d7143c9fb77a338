using System.Collections.Immutable;
using FlowGrain.Abstractions.Grains;

namespace FlowGrain.Console.Tests.Unit.Fakes;

/// <summary>An owner directory stand-in with a fixed list of owners.</summary>
internal sealed class OwnerDirectory(params string[] owners) : IOwnerDirectoryGrain
{
    public Task<ImmutableArray<string>> GetOwnersAsync() => Task.FromResult<ImmutableArray<string>>([.. owners]);

    public Task RegisterAsync(string owner) => throw new NotSupportedException();

    public Task UnregisterAsync(string owner) => throw new NotSupportedException();
}
