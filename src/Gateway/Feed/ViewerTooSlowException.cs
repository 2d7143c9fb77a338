namespace FlowGrain.Gateway.Feed;

/// <summary>A live viewer fell further behind than its buffer allows; it is cut off rather than slowing anyone else.</summary>
public sealed class ViewerTooSlowException(int buffer)
    : Exception($"The stream fell more than {buffer} feed updates behind and was ended; reconnect with a start time to backfill what was missed.");
