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

    /// <summary>Managed memory in use after a full collection (the fuzz tests run alone, so it is the gateway's).</summary>
    public static long ManagedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The gateway answers its health check and holds no more than it did before the run, give or take <see cref="MaxGrowthBytes"/>.</summary>
    public static async Task StillHealthyAsync(GatewayHost gateway, long managedBefore)
    {
        using var http = new HttpClient { Timeout = FuzzBudget.CallDeadline };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{gateway.HttpPort}/healthz")).StatusCode);
        var growth = ManagedBytes() - managedBefore;
        Assert.True(growth < MaxGrowthBytes, $"the run left {growth / (1 << 20)} MiB more managed memory in use");
    }

    /// <summary>What a fuzz run may leave behind: far above what its flows need, far below "unbounded".</summary>
    private const long MaxGrowthBytes = 256L << 20;
}
