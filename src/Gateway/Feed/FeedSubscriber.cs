using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Gateway.Feed;

/// <summary>
/// One viewer's share of the feed: the windows in a bounded buffer, read as the rows that match its filter. Filtering
/// happens as the viewer reads, on its own task, so the one dispatcher only hands each window to each viewer: a
/// thousand viewers filter in parallel instead of one after another. A viewer that lets the buffer fill is ended
/// with <see cref="ViewerTooSlowException"/>; the dispatcher never waits for it.
/// </summary>
public sealed class FeedSubscriber : IDisposable
{
    private readonly Channel<FeedWindow> _channel;
    private readonly Action<FeedSubscriber> _unsubscribe;
    private readonly int _capacity;

    internal FeedSubscriber(FlowFilter filter, bool provisionalOnly, int capacity, Action<FeedSubscriber> unsubscribe)
    {
        Filter = filter;
        ProvisionalOnly = provisionalOnly;
        _capacity = capacity;
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<FeedWindow>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public FlowFilter Filter { get; }

    /// <summary>Whether the viewer takes only windows still filling (its closed rows come from elsewhere, with ids).</summary>
    public bool ProvisionalOnly { get; }

    /// <summary>Waits until a window may be read; false when the subscription ended, throws when the viewer fell behind.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>The next queued window with rows that match the filter (only those rows), if there is one.</summary>
    public bool TryRead([MaybeNullWhen(false)] out FeedWindow window)
    {
        while (_channel.Reader.TryRead(out var offered))
        {
            var rows = Filter.IsEmpty ? offered.Flows : Matching(offered.Flows);
            if (rows.IsEmpty) continue;
            window = rows.Length == offered.Flows.Length ? offered : offered with { Flows = rows };
            return true;
        }

        window = null;
        return false;
    }

    /// <summary>The next window with matching rows, waiting for one; throws when the subscription ended.</summary>
    public async ValueTask<FeedWindow> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken))
        {
            if (TryRead(out var window)) return window;
        }

        throw new ChannelClosedException();
    }

    /// <summary>Matching windows, in the order the gateway received them, until the subscription ends.</summary>
    public async IAsyncEnumerable<FeedWindow> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await WaitToReadAsync(cancellationToken))
        {
            while (TryRead(out var window)) yield return window;
        }
    }


    /// <summary>Called by the dispatcher: queues a window, or ends a viewer that stopped keeping up.</summary>
    internal void Offer(FeedWindow window)
    {
        if (ProvisionalOnly && window.State != FeedWindowState.Provisional) return;
        if (!_channel.Writer.TryWrite(window))
        {
            _channel.Writer.TryComplete(new ViewerTooSlowException(_capacity));
        }
    }

    private ImmutableArray<AggregatedFlow> Matching(ImmutableArray<AggregatedFlow> rows)
    {
        var matching = ImmutableArray.CreateBuilder<AggregatedFlow>();
        foreach (var row in rows)
        {
            if (Filter.Matches(row.Key)) matching.Add(row);
        }

        return matching.DrainToImmutable();
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _unsubscribe(this);
    }
}
