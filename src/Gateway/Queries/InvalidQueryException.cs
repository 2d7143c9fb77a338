namespace FlowGrain.Gateway.Queries;

/// <summary>A query that cannot be answered as asked; the message names the field. gRPC maps it to InvalidArgument, HTTP to 400.</summary>
public sealed class InvalidQueryException(string message) : Exception(message);
