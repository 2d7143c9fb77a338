using System.Threading.Channels;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Gateway.Feed;

/// <summary>
/// One viewer's share of the feed: the rows that match its filter, in a bounded buffer. A viewer that lets the buffer
/// fill is ended with <see cref="ViewerTooSlowException"/>; the dispatcher never waits for it.
/// </summary>
public sealed class FeedSubscriber : IDisposable
{
    private readonly Channel<FeedWindow> _channel;
    private readonly Action<FeedSubscriber> _unsubscribe;
    private readonly int _capacity;

    internal FeedSubscriber(FlowFilter filter, bool includeProvisional, int capacity, Action<FeedSubscriber> unsubscribe)
    {
        Filter = filter;
        IncludeProvisional = includeProvisional;
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

    public bool IncludeProvisional { get; }

    /// <summary>Matching windows, in the order the gateway received them.</summary>
    public ChannelReader<FeedWindow> Windows => _channel.Reader;

    /// <summary>Called by the dispatcher: queues the matching rows of a window, or ends a viewer that stopped keeping up.</summary>
    internal void Offer(FeedWindow window)
    {
        if (window.State == FeedWindowState.Provisional && !IncludeProvisional) return;
        var rows = Filter.IsEmpty ? window.Flows : [.. window.Flows.Where(flow => Filter.Matches(flow.Key))];
        if (rows.IsEmpty) return;
        if (!_channel.Writer.TryWrite(window with { Flows = rows }))
        {
            _channel.Writer.TryComplete(new ViewerTooSlowException(_capacity));
        }
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _unsubscribe(this);
    }
}
