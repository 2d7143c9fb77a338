using System.Net;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Tests.Support.Fuzzing;
using Grpc.Core;

namespace FlowGrain.Gateway.Tests.Fuzzing;

/// <summary>What every fuzzed door must still be after the run: healthy, answering, and not holding unbounded memory.</summary>
internal static class FuzzChecks
{
    /// <summary>gRPC statuses that would be the service's fault, never a client's: none may answer a hostile request.</summary>
    private static readonly StatusCode[] ServerFaults = [StatusCode.Internal, StatusCode.Unknown, StatusCode.Unavailable, StatusCode.DataLoss, StatusCode.Unimplemented];

    public static void NotAServerFault(RpcException ex, byte[] request) =>
        Assert.False(ServerFaults.Contains(ex.StatusCode),
            $"{ex.StatusCode} ({ex.Status.Detail}) for request bytes {Convert.ToHexString(request)}");

    public static async Task StillHealthyAsync(GatewayHost gateway)
    {
        using var http = new HttpClient { Timeout = FuzzBudget.CallDeadline };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{gateway.HttpPort}/healthz")).StatusCode);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(managed < FuzzBudget.MaxManagedBytes, $"{managed / (1 << 20)} MiB of managed memory held after the run");
    }
}
