using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Observability;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Limits;

/// <summary>
/// Every live stream of this gateway — gRPC Flows.Stream, HTTP watch, console live tables — counted in one place
/// against Query:MaxStreams, and per client against Query:MaxStreamsPerClient.
/// </summary>
public sealed class LiveStreams(IOptions<QueryOptions> options, GatewayMetrics metrics)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private int _open;

    /// <summary>Live streams open on this gateway.</summary>
    public int Open
    {
        get
        {
            lock (_gate) return _open;
        }
    }

    /// <summary>Live streams <paramref name="client"/> has open.</summary>
    public int OpenBy(string client)
    {
        lock (_gate) return _perClient.GetValueOrDefault(client);
    }

    /// <summary>
    /// Opens a stream for <paramref name="client"/> (null: counted against the gateway only), or throws
    /// <see cref="OverLimitException"/>; dispose the result when the stream ends.
    /// </summary>
    public IDisposable Take(string? client)
    {
        var limits = options.Value;
        lock (_gate)
        {
            if (_open >= limits.MaxStreams)
            {
                throw metrics.LimitExceeded(Limit.StreamsPerGateway,
                    $"This gateway already serves {limits.MaxStreams} live streams (Query:MaxStreams); try again later or use another gateway.");
            }

            if (client is not null)
            {
                var byClient = _perClient.GetValueOrDefault(client);
                if (byClient >= limits.MaxStreamsPerClient)
                {
                    throw metrics.LimitExceeded(Limit.StreamsPerClient,
                        $"This client already has {byClient} live streams open (Query:MaxStreamsPerClient is {limits.MaxStreamsPerClient}); close one first.");
                }

                _perClient[client] = byClient + 1;
            }

            _open++;
        }

        return new Stream(this, client);
    }

    private void Release(string? client)
    {
        lock (_gate)
        {
            _open--;
            if (client is null) return;
            if (_perClient[client] <= 1) _perClient.Remove(client);
            else _perClient[client]--;
        }
    }

    private sealed class Stream(LiveStreams streams, string? client) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0) streams.Release(client);
        }
    }
}
