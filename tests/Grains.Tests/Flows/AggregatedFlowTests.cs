using FlowGrain.Abstractions.Flows;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Flows;

public sealed class AggregatedFlowTests
{
    [Fact]
    public void Merge_sums_every_counter_intersects_labels_and_spans_both_windows()
    {
        var key = Key();
        var early = new AggregatedFlow(key, T0, T0 + 15, Labels("app=a", "v=1"), Labels("app=b"), Counters(1, 2, 3, 4, 5, 6, 7));
        var late = new AggregatedFlow(key, T0 + 30, T0 + 45, Labels("app=a", "v=2"), Labels("app=b", "x=y"), Counters(10, 20, 30, 40, 50, 60, 70));

        var merged = late.Merge(early);

        Assert.Equal(T0, merged.Start);
        Assert.Equal(T0 + 45, merged.End);
        Assert.Equal(Counters(11, 22, 33, 44, 55, 66, 77), merged.Counters);
        Assert.Equal(Labels("app=a"), merged.SourceLabels);
        Assert.Equal(Labels("app=b"), merged.DestLabels);
        Assert.Same(key, merged.Key);
    }

    [Fact]
    public void Counters_expose_totals_in_both_directions()
    {
        var counters = Counters(packetsIn: 1, packetsOut: 2, bytesIn: 30, bytesOut: 40);

        Assert.Equal(3, counters.Packets);
        Assert.Equal(70, counters.Bytes);
    }
}
