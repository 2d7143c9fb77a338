namespace FlowGrain.Abstractions.Feed;

/// <summary>Whether a window's rows on the live feed are still filling (provisional) or final (closed).</summary>
public enum FeedWindowState
{
    Provisional = 0,
    Closed = 1,
}
