using System.IO;
using FlowGrain.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>gRPC calls with hand-made request bytes: what old clients or broken clients put on the wire.</summary>
public static class RawCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static Task<FlowListResult> ListAsync(GrpcChannel channel, byte[] request) =>
        channel.CreateCallInvoker().AsyncUnaryCall(
            new Method<byte[], FlowListResult>(MethodType.Unary, "goldmane.Flows", "List", Bytes, Response(FlowListResult.Parser)),
            null, new CallOptions(), request).ResponseAsync;

    public static AsyncServerStreamingCall<StatisticsResult> Statistics(GrpcChannel channel, byte[] request) =>
        channel.CreateCallInvoker().AsyncServerStreamingCall(
            new Method<byte[], StatisticsResult>(MethodType.ServerStreaming, "goldmane.Statistics", "List", Bytes, Response(StatisticsResult.Parser)),
            null, new CallOptions(), request);

    public static AsyncDuplexStreamingCall<byte[], FlowReceipt> Connect(GrpcChannel channel, string node) =>
        channel.CreateCallInvoker().AsyncDuplexStreamingCall(
            new Method<byte[], FlowReceipt>(MethodType.DuplexStreaming, "goldmane.FlowCollector", "Connect", Bytes, Response(FlowReceipt.Parser)),
            null, new CallOptions(new Metadata { { "x-flowgrain-node", node } }));

    /// <summary>A PolicyMatch as Calico v3.30/v3.31 encodes it: tier, namespace and name as plain strings (fields 2–4).</summary>
    public static byte[] LegacyPolicyMatch(PolicyKind kind = PolicyKind.KindUnspecified, string? tier = null, string? ns = null, string? name = null)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream))
        {
            if (kind != PolicyKind.KindUnspecified)
            {
                output.WriteTag(1, WireFormat.WireType.Varint);
                output.WriteEnum((int)kind);
            }

            foreach (var (field, value) in new[] { (2, tier), (3, ns), (4, name) })
            {
                if (value is null) continue;
                output.WriteTag(field, WireFormat.WireType.LengthDelimited);
                output.WriteString(value);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Wraps encoded bytes as a length-delimited field.</summary>
    public static byte[] Field(int number, byte[] payload)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream))
        {
            output.WriteTag(number, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(payload));
        }

        return stream.ToArray();
    }

    private static Marshaller<T> Response<T>(MessageParser<T> parser) where T : IMessage<T> =>
        Marshallers.Create<T>(m => m.ToByteArray(), parser.ParseFrom);
}
