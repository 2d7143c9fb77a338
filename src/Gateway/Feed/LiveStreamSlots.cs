using FlowGrain.Gateway.Queries;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Feed;

/// <summary>Counts the HTTP watch streams of this gateway against Query:MaxStreams.</summary>
public sealed class LiveStreamSlots(IOptions<QueryOptions> options)
{
    private int _taken;

    public int Taken => Volatile.Read(ref _taken);

    /// <summary>Takes a slot, or throws <see cref="TooManyStreamsException"/>; dispose the result to give it back.</summary>
    public IDisposable Take()
    {
        if (Interlocked.Increment(ref _taken) > options.Value.MaxStreams)
        {
            Interlocked.Decrement(ref _taken);
            throw new TooManyStreamsException(options.Value.MaxStreams);
        }

        return new Slot(this);
    }

    private sealed class Slot(LiveStreamSlots slots) : IDisposable
    {
        private int _returned;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0) Interlocked.Decrement(ref slots._taken);
        }
    }
}
