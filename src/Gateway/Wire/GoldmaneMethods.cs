using FlowGrain.Protocol;
using Grpc.Core;

namespace FlowGrain.Gateway.Wire;

/// <summary>The goldmane RPCs as the gateway serves them: Calico's names on the wire, lenient request parsing inside.</summary>
internal static class GoldmaneMethods
{
    public static readonly Method<IncomingMessage<FlowUpdate>, FlowReceipt> Connect = new(
        MethodType.DuplexStreaming, "goldmane.FlowCollector", "Connect",
        WireMarshallers.Request(FlowUpdate.Parser), WireMarshallers.Response<FlowReceipt>());

    public static readonly Method<IncomingMessage<FlowListRequest>, FlowListResult> List = new(
        MethodType.Unary, "goldmane.Flows", "List",
        WireMarshallers.Request(FlowListRequest.Parser, LegacyPolicyMatch.InListRequest), WireMarshallers.Response<FlowListResult>());

    public static readonly Method<IncomingMessage<FlowStreamRequest>, FlowResult> Stream = new(
        MethodType.ServerStreaming, "goldmane.Flows", "Stream",
        WireMarshallers.Request(FlowStreamRequest.Parser, LegacyPolicyMatch.InStreamRequest), WireMarshallers.Response<FlowResult>());

    public static readonly Method<IncomingMessage<FilterHintsRequest>, FilterHintsResult> FilterHints = new(
        MethodType.Unary, "goldmane.Flows", "FilterHints",
        WireMarshallers.Request(FilterHintsRequest.Parser, LegacyPolicyMatch.InHintsRequest), WireMarshallers.Response<FilterHintsResult>());

    public static readonly Method<IncomingMessage<StatisticsRequest>, StatisticsResult> Statistics = new(
        MethodType.ServerStreaming, "goldmane.Statistics", "List",
        WireMarshallers.Request(StatisticsRequest.Parser, LegacyPolicyMatch.InStatisticsRequest), WireMarshallers.Response<StatisticsResult>());
}
