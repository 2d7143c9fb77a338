using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// What a window took since its last checkpoint: per key, the counters added and the labels seen (labels intersect,
/// counters sum, so deltas apply in any order), and the dedup claims made.
/// </summary>
internal sealed class WindowChanges(long start, long end)
{
    private readonly Dictionary<FlowKey, AggregatedFlow> _flows = [];
    private readonly List<DedupClaim> _claims = [];

    public bool IsEmpty => _flows.Count == 0 && _claims.Count == 0;

    public void Add(FlowReport report, DedupClaim claim)
    {
        _claims.Add(claim);
        Add(report);
    }

    /// <summary>Adds a report's numbers without a claim (a roll-up's: claims are kept by fine windows).</summary>
    public void Add(FlowReport report)
    {
        var addition = new AggregatedFlow(report.Key, start, end, report.SourceLabels, report.DestLabels, report.Counters);
        _flows[report.Key] = _flows.TryGetValue(report.Key, out var earlier) ? earlier.Merge(addition) : addition;
    }

    /// <summary>The changes as one block, and a fresh start.</summary>
    public byte[] Take()
    {
        var block = FlowBlockCodec.Encode(_flows.Values, _claims);
        Clear();
        return block;
    }

    public void Clear()
    {
        _flows.Clear();
        _claims.Clear();
    }
}
