using FlowGrain.Gateway.Wire;
using Grpc.AspNetCore.Server.Model;

namespace FlowGrain.Gateway.GrpcServices;

/// <summary>Binds the goldmane RPCs to the gateway's services with FlowGrain's lenient request marshallers.</summary>
internal sealed class GoldmaneServiceMethods :
    IServiceMethodProvider<CollectorService>,
    IServiceMethodProvider<FlowsService>,
    IServiceMethodProvider<StatisticsService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<CollectorService> context) =>
        context.AddDuplexStreamingMethod(GoldmaneMethods.Connect, [], (service, requests, responses, call) => service.Connect(requests, responses, call));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<FlowsService> context)
    {
        context.AddUnaryMethod(GoldmaneMethods.List, [], (service, request, call) => service.List(request, call));
        context.AddServerStreamingMethod(GoldmaneMethods.Stream, [], (service, request, responses, call) => service.Stream(request, responses, call));
        context.AddUnaryMethod(GoldmaneMethods.FilterHints, [], (service, request, call) => service.FilterHints(request, call));
    }

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<StatisticsService> context) =>
        context.AddServerStreamingMethod(GoldmaneMethods.Statistics, [], (service, request, responses, call) => service.List(request, responses, call));
}
