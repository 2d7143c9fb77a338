using FlowGrain.Abstractions.Grains;

namespace FlowGrain.Gateway.Tests.Limits;

/// <summary>A cluster that never answers queries: an outgoing grain-call filter that holds every List call until released.</summary>
internal sealed class HeldQueries : IOutgoingGrainCallFilter
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _released.TrySetResult();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(INamespaceFlowsGrain) && context.InterfaceMethod.Name == nameof(INamespaceFlowsGrain.ListAsync))
        {
            await _released.Task;
        }

        await context.Invoke();
    }
}
