namespace FlowGrain.Gateway.Feed;

/// <summary>The gateway already serves Query:MaxStreams live streams.</summary>
public sealed class TooManyStreamsException(int limit)
    : Exception($"This gateway already serves {limit} live streams (Query:MaxStreams); try again later or use another gateway.");
