using Google.Protobuf;
using Grpc.Core;

namespace FlowGrain.Gateway.Wire;

/// <summary>
/// A request message as it arrived: parsed, or the reason it could not be. Parsing never fails the call, so one
/// garbage message on a collector stream costs that message only, and a bad query gets InvalidArgument, not Internal.
/// </summary>
public sealed class IncomingMessage<T> where T : class, IMessage<T>
{
    internal IncomingMessage(T? message, string? error)
    {
        Message = message;
        Error = error;
    }

    public T? Message { get; }

    public string? Error { get; }

    /// <summary>The message, or InvalidArgument naming what was wrong with it.</summary>
    public T Require() => Message ?? throw new RpcException(new Status(StatusCode.InvalidArgument,
        $"The request is not a valid {typeof(T).Name}: {Error}"));
}

/// <summary>Builds <see cref="IncomingMessage{T}"/> values.</summary>
public static class IncomingMessage
{
    public static IncomingMessage<T> Parsed<T>(T message) where T : class, IMessage<T> => new(message, null);

    public static IncomingMessage<T> Malformed<T>(string error) where T : class, IMessage<T> => new(null, error);
}
