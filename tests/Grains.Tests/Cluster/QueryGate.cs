using FlowGrain.Abstractions.Grains;

namespace FlowGrain.Grains.Tests.Cluster;

/// <summary>
/// A silo call filter that can hold List calls to one owner inside the grain until released, to show what the
/// grain does meanwhile. It passes every other call straight through.
/// </summary>
internal sealed class QueryGate : IIncomingGrainCallFilter
{
    private static volatile Hold? _current;

    /// <summary>Holds the next List calls to <paramref name="owner"/> until the returned hold is released or disposed.</summary>
    public static Hold HoldLists(string owner) => _current = new Hold(owner);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (_current is { } hold && context.InterfaceMethod.Name == nameof(INamespaceFlowsGrain.ListAsync)
            && context.TargetId.Key.ToString() == hold.Owner)
        {
            hold.Entered.TrySetResult();
            await hold.Released.Task;
        }

        await context.Invoke();
    }

    public sealed class Hold(string owner) : IDisposable
    {
        public string Owner { get; } = owner;

        /// <summary>Completes when a held List call is inside the grain.</summary>
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose()
        {
            Released.TrySetResult();
            if (_current == this) _current = null;
        }
    }
}
