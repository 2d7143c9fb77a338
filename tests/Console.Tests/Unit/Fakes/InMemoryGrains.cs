using FlowGrain.Abstractions.Grains;
using Orleans.Runtime;

namespace FlowGrain.Console.Tests.Unit.Fakes;

/// <summary>
/// The cluster as the gateway's query side sees it, in memory: the owner directory (key 0) and owner grains by name.
/// Anything else a grain factory offers is not needed by the console and throws.
/// </summary>
internal sealed class InMemoryGrains(IOwnerDirectoryGrain directory, IReadOnlyDictionary<string, INamespaceFlowsGrain> owners) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey =>
        primaryKey == 0 && directory is TGrainInterface grain ? grain : throw Unsupported(typeof(TGrainInterface));

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey =>
        owners.TryGetValue(primaryKey, out var owner) && owner is TGrainInterface grain ? grain : throw Unsupported(typeof(TGrainInterface));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => throw Unsupported(typeof(TGrainInterface));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey => throw Unsupported(typeof(TGrainInterface));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey => throw Unsupported(typeof(TGrainInterface));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => throw Unsupported(typeof(TGrainInterface));

    public IAddressable GetGrain(GrainId grainId) => throw Unsupported(typeof(IAddressable));

    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw Unsupported(typeof(IAddressable));

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw Unsupported(grainInterfaceType);

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw Unsupported(grainInterfaceType);

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw Unsupported(grainInterfaceType);

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw Unsupported(grainInterfaceType);

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw Unsupported(grainInterfaceType);

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw Unsupported(interfaceType);

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw Unsupported(interfaceType);

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => throw Unsupported(typeof(TGrainObserverInterface));

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => throw Unsupported(typeof(TGrainObserverInterface));

    private static NotSupportedException Unsupported(Type grain) => new($"The in-memory cluster has no {grain.Name} for this key.");
}
