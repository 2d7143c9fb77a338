using System.Globalization;
using System.IO;
using FlowGrain.Protocol;
using Grpc.Net.Client;

namespace FlowGrain.EndToEnd.Tests.Cluster;

/// <summary>What a gateway answers, read the way Calico's console backend reads it, and what a process's /metrics says.</summary>
public static class ClusterQueries
{
    /// <summary>Every flow of the kept hour through Flows.List: count, sums, and a fingerprint of each flow's id and numbers.</summary>
    public static async Task<ListTotals> TotalsAsync(int grpcPort)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var result = await new Flows.FlowsClient(channel).ListAsync(new FlowListRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        var flows = result.Flows.OrderBy(f => f.Id).ToList();
        return new ListTotals(
            flows.Count,
            flows.Sum(f => f.Flow.PacketsIn + f.Flow.PacketsOut),
            flows.Sum(f => f.Flow.BytesIn + f.Flow.BytesOut),
            string.Join(";", flows.Select(f => $"{f.Id}:{f.Flow.PacketsIn}/{f.Flow.PacketsOut}/{f.Flow.BytesIn}/{f.Flow.BytesOut}/{f.Flow.NumConnectionsStarted}")));
    }

    /// <summary>Polls until <paramref name="grpcPort"/> answers <paramref name="expected"/>; fails with the last answer and the cluster's output.</summary>
    public static async Task WaitForTotalsAsync(int grpcPort, ListTotals expected, FlowGrainCluster cluster, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ListTotals? last = null;
        Exception? error = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await TotalsAsync(grpcPort);
                if (last == expected) return;
            }
            catch (Exception ex) when (ex is Grpc.Core.RpcException or HttpRequestException or IOException)
            {
                error = ex;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"Flows.List on port {grpcPort} did not come back to {expected.Summary} within {timeout}; last answer: {last?.Summary ?? error?.Message}\n{cluster.Output()}");
    }

    /// <summary>The value of a gauge or counter without labels on a process's /metrics, 0 when absent.</summary>
    public static async Task<double> MetricAsync(int httpPort, string name)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{httpPort}/metrics"));
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}

/// <summary>A List answer reduced to what must match exactly.</summary>
public sealed record ListTotals(int Flows, long Packets, long Bytes, string Fingerprint)
{
    public string Summary => $"{Flows} flows, {Packets} packets, {Bytes} bytes";
}
