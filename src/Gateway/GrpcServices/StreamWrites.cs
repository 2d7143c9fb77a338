using Grpc.Core;

namespace FlowGrain.Gateway.GrpcServices;

/// <summary>Server-stream messages written buffered: a flush per message costs a round through the transport each.</summary>
internal static class StreamWrites
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    /// <summary>
    /// Writes <paramref name="messages"/>, flushing every <paramref name="flushEvery"/> of them and with the last (flushing
    /// as it goes is what holds a slow reader's backlog in check).
    /// </summary>
    public static async Task WriteAllAsync<T>(IServerStreamWriter<T> responses, IReadOnlyList<T> messages, int flushEvery, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            responses.WriteOptions = i == messages.Count - 1 || i % flushEvery == flushEvery - 1 ? WriteOptions.Default : Buffered;
            await responses.WriteAsync(messages[i], cancellationToken);
        }
    }
}
