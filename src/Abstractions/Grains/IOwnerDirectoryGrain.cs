using Orleans.Concurrency;
using System.Collections.Immutable;

namespace FlowGrain.Abstractions.Grains;

/// <summary>The cluster's list of owners that hold flows, for query fan-out. One instance, key 0.</summary>
[Alias("flowgrain.IOwnerDirectoryGrain")]
public interface IOwnerDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Records that an owner holds flows.</summary>
    [Alias("Register")]
    Task RegisterAsync(string owner);

    /// <summary>Records that an owner's flows have all expired.</summary>
    [Alias("Unregister")]
    Task UnregisterAsync(string owner);

    /// <summary>Every owner that holds flows.</summary>
    [Alias("GetOwners"), AlwaysInterleave]
    Task<ImmutableArray<string>> GetOwnersAsync();
}
