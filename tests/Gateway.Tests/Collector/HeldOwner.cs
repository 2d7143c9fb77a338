using FlowGrain.Abstractions.Grains;

namespace FlowGrain.Gateway.Tests.Collector;

/// <summary>
/// A slow cluster for one owner, in a real gateway: an outgoing grain-call filter that holds every ingest call to
/// that owner's grain until released. Queries and every other owner go through untouched.
/// </summary>
internal sealed class HeldOwner(string owner) : IOutgoingGrainCallFilter
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>Ingest calls to the owner that reached the filter (held, or passed once released).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public void Release() => _released.TrySetResult();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(INamespaceFlowsGrain)
            && context.InterfaceMethod.Name == nameof(INamespaceFlowsGrain.IngestAsync)
            && context.TargetId.Key.ToString() == owner)
        {
            Interlocked.Increment(ref _calls);
            await _released.Task;
        }

        await context.Invoke();
    }
}
