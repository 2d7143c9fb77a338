using System.Buffers;
using Google.Protobuf;
using Grpc.Core;

namespace FlowGrain.Gateway.Wire;

/// <summary>Marshallers for FlowGrain's gRPC methods: lenient for requests (see <see cref="IncomingMessage{T}"/>), plain for responses.</summary>
internal static class WireMarshallers
{
    public static Marshaller<T> Response<T>() where T : class, IMessage<T>, new() =>
        Marshallers.Create<T>(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => throw new NotSupportedException("The gateway never reads its own responses."));

    /// <summary>A request marshaller that never throws; <paramref name="policyMatchPath"/> upgrades legacy PolicyMatch encodings.</summary>
    public static Marshaller<IncomingMessage<T>> Request<T>(MessageParser<T> parser, int[]? policyMatchPath = null)
        where T : class, IMessage<T> =>
        Marshallers.Create<IncomingMessage<T>>(
            (_, _) => throw new NotSupportedException("The gateway never sends requests."),
            context =>
            {
                try
                {
                    var payload = context.PayloadAsReadOnlySequence();
                    if (policyMatchPath is null)
                    {
                        return IncomingMessage.Parsed(parser.ParseFrom(payload));
                    }

                    var bytes = LegacyPolicyMatch.Upgrade(payload.ToArray(), policyMatchPath);
                    return IncomingMessage.Parsed(parser.ParseFrom(bytes));
                }
                catch (InvalidProtocolBufferException ex)
                {
                    return IncomingMessage.Malformed<T>(ex.Message);
                }
            });
}
