using FlowGrain.Abstractions.Grains;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>
/// A slow cluster, in a real gateway: an outgoing grain-call filter that holds every call of one owner-grain method
/// (to one owner, or to all) until released. Every other call goes through untouched.
/// </summary>
internal sealed class HeldGrainCalls(string method, string? owner = null) : IOutgoingGrainCallFilter
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>Held calls that reached the filter (held, or passed once released).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public void Release() => _released.TrySetResult();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(INamespaceFlowsGrain)
            && context.InterfaceMethod.Name == method
            && (owner is null || context.TargetId.Key.ToString() == owner))
        {
            Interlocked.Increment(ref _calls);
            await _released.Task;
        }

        await context.Invoke();
    }
}
