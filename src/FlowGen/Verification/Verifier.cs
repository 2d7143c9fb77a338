using System.IO;
using FlowGrain.FlowGen.Model;
using FlowGrain.FlowGen.Reporting;
using FlowGrain.Protocol;
using Grpc.Core;

namespace FlowGrain.FlowGen.Verification;

/// <summary>
/// Checks through Flows.List that the collector holds exactly what this run generated: per reporter, endpoints,
/// port, protocol and action, every counter summed — replays and disconnects must not change a single number.
/// </summary>
internal sealed class Verifier(
    IReadOnlyList<(Uri Address, Flows.FlowsClient Client)> targets,
    ClusterModel model,
    SentLedger ledger,
    TextWriter output,
    TimeProvider time)
{
    private const int PageSize = 2_000;
    private int _target;

    public async Task<bool> VerifyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var from = ledger.EarliestStart ?? throw new InvalidOperationException("Nothing was sent, so there is nothing to verify.");
        var expected = ledger.Totals;
        var deadline = time.GetUtcNow() + timeout;
        List<string> differences;
        var attempts = 0;
        do
        {
            if (attempts++ > 0 && attempts % 10 == 0) output.WriteLine($"verify: totals differ so far, still waiting ({(deadline - time.GetUtcNow()).TotalSeconds:0} s left)");
            var (address, flows) = targets[_target];
            Dictionary<FlowGroup, FlowTotals> actual;
            try
            {
                actual = await QueryAsync(flows, from, cancellationToken);
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // This replica does not answer (it may be the one that went away): ask the next one.
                differences = [$"{address} did not answer: {ex.Status.StatusCode} {ex.Status.Detail}"];
                _target = (_target + 1) % targets.Count;
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                continue;
            }

            differences = Compare(expected, actual);
            if (differences.Count == 0)
            {
                var bytes = expected.Values.Sum(t => t.Bytes);
                output.WriteLine($"verify: OK — {ledger.Flows} flows in {expected.Count} groups, {bytes} bytes, all counters equal");
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        }
        while (time.GetUtcNow() < deadline);

        output.WriteLine($"verify: FAILED — {differences.Count} groups differ after {timeout.TotalSeconds:0} s:");
        foreach (var difference in differences.Take(20)) output.WriteLine("  " + difference);
        return false;
    }

    /// <summary>Everything this run's endpoints reported: namespaced owners by namespace, hosts by name.</summary>
    private async Task<Dictionary<FlowGroup, FlowTotals>> QueryAsync(Flows.FlowsClient flows, long from, CancellationToken cancellationToken)
    {
        var filters = new[]
        {
            new Filter { Reporter = Reporter.Src, SourceNamespaces = { model.Namespaces.Select(Exact) } },
            new Filter { Reporter = Reporter.Dst, DestNamespaces = { model.Namespaces.Select(Exact) } },
            new Filter { Reporter = Reporter.Src, SourceNamespaces = { Exact("-") }, SourceNames = { model.HostNames.Select(Exact) } },
            new Filter { Reporter = Reporter.Dst, DestNamespaces = { Exact("-") }, DestNames = { model.HostNames.Select(Exact) } },
        };

        var totals = new Dictionary<FlowGroup, FlowTotals>();
        foreach (var filter in filters)
        {
            // Paged, so a large run never exceeds the 4 MB a gRPC client accepts per message by default.
            FlowListResult result;
            var page = 0L;
            do
            {
                result = await flows.ListAsync(new FlowListRequest { StartTimeGte = from, Filter = filter, Page = page++, PageSize = PageSize },
                    deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
                foreach (var row in result.Flows)
                {
                    var group = FlowGroup.Of(row.Flow.Key);
                    totals[group] = totals.GetValueOrDefault(group) + FlowTotals.Of(row.Flow);
                }
            }
            while (page < result.Meta.TotalPages);
        }

        return totals;
    }

    private static List<string> Compare(IReadOnlyDictionary<FlowGroup, FlowTotals> expected, Dictionary<FlowGroup, FlowTotals> actual)
    {
        var differences = new List<string>();
        foreach (var (group, want) in expected)
        {
            var got = actual.GetValueOrDefault(group);
            if (got != want) differences.Add($"{group}: sent {want}, collector has {got}");
        }

        foreach (var group in actual.Keys.Where(g => !expected.ContainsKey(g)))
        {
            differences.Add($"{group}: not sent, collector has {actual[group]}");
        }

        return differences;
    }

    private static StringMatch Exact(string value) => new() { Value = value, Type = FlowGrain.Protocol.MatchType.Exact };
}
