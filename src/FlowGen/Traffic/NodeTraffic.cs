using FlowGrain.FlowGen.Model;
using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Traffic;

/// <summary>
/// What one node reports: every flow key its endpoints take part in, one flow per key per flush (Felix aggregates
/// before it sends), <c>FlowsPerNode</c> of them per interval, rotating through the node's keys.
/// </summary>
internal sealed class NodeTraffic
{
    private readonly IReadOnlyList<ReportSide> _sides;
    private readonly int _flowsPerInterval;
    private readonly Random _random;
    private int _cursor;

    public NodeTraffic(ClusterModel model, int node, int flowsPerInterval, int seed)
    {
        _sides = [.. model.Conversations
            .SelectMany(ReportSide.Of)
            .Where(side => side.Node == node)
            .DistinctBy(side => side.Identity)];
        _flowsPerInterval = Math.Min(flowsPerInterval, _sides.Count);
        _random = new Random(seed);
    }

    /// <summary>Distinct flow keys this node can report.</summary>
    public int KeyCount => _sides.Count;

    /// <summary>The flows of one flush; Felix stamps both times with the start of its interval.</summary>
    public IReadOnlyList<Flow> NextInterval(long intervalStart)
    {
        var flows = new List<Flow>(_flowsPerInterval);
        for (var i = 0; i < _flowsPerInterval; i++)
        {
            flows.Add(ToFlow(_sides[_cursor], intervalStart));
            _cursor = (_cursor + 1) % _sides.Count;
        }

        return flows;
    }

    private Flow ToFlow(ReportSide side, long start)
    {
        var c = side.Conversation;
        var isSource = side.Reporter == Reporter.Src;
        var connections = _random.Next(1, 4) * c.Weight;
        var packetsOut = connections * _random.Next(2, 40);
        var packetsIn = side.Verdict.Action == FlowGrain.Protocol.Action.Deny ? 0 : connections * _random.Next(2, 40);
        var flow = new Flow
        {
            Key = new FlowKey
            {
                SourceName = c.Source.Name,
                SourceNamespace = c.Source.Namespace,
                SourceType = c.Source.Type,
                DestName = c.Dest.Name,
                DestNamespace = c.Dest.Namespace,
                DestType = c.Dest.Type,
                DestPort = c.DestPort,
                DestServiceName = c.Service?.Name ?? "",
                DestServiceNamespace = c.Service?.Namespace ?? "",
                DestServicePortName = c.Service?.PortName ?? "",
                DestServicePort = c.Service?.Port ?? 0,
                Proto = c.Proto,
                Reporter = side.Reporter,
                Action = side.Verdict.Action,
                Policies = new PolicyTrace { EnforcedPolicies = { side.Verdict.Enforced }, PendingPolicies = { side.Verdict.Pending } },
            },
            StartTime = start,
            EndTime = start,
            SourceLabels = { isSource ? c.Source.Labels : c.Source.CommonLabels },
            DestLabels = { isSource ? c.Dest.CommonLabels : c.Dest.Labels },
            PacketsOut = isSource ? packetsOut : packetsIn,
            PacketsIn = isSource ? packetsIn : packetsOut,
            NumConnectionsStarted = connections,
            NumConnectionsCompleted = Math.Max(0, connections - _random.Next(0, 2)),
            NumConnectionsLive = _random.Next(0, 3),
        };
        flow.BytesOut = flow.PacketsOut * _random.Next(60, 1400);
        flow.BytesIn = flow.PacketsIn * _random.Next(60, 1400);
        return flow;
    }
}
