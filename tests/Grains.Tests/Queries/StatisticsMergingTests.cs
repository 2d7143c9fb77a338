using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Grains.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

public sealed class StatisticsMergingTests
{
    private static readonly StatisticsKey Alpha = PolicyKey("alpha");
    private static readonly StatisticsKey Beta = PolicyKey("beta");

    [Fact]
    public void The_same_policy_from_several_owners_is_summed_per_window()
    {
        var shop = Stats(Alpha, (T0, 1), (T0 + 15, 2));
        var bank = Stats(Alpha, (T0 + 15, 10), (T0 + 30, 20));

        var merged = Assert.Single(ResultMerging.Statistics([[shop], [bank]], timeSeries: true));

        Assert.Equal(Alpha, merged.Key);
        Assert.Equal<long>([T0, T0 + 15, T0 + 30], merged.WindowStarts);
        Assert.Equal([1L, 12L, 20L], merged.Points.Select(p => p.AllowedIn));
    }

    [Fact]
    public void Without_a_time_series_all_windows_sum_into_one_point()
    {
        var shop = Stats(Alpha, (T0, 1), (T0 + 15, 2));
        var bank = Stats(Alpha, (T0 + 30, 4));

        var merged = Assert.Single(ResultMerging.Statistics([[shop], [bank]], timeSeries: false));

        Assert.Empty(merged.WindowStarts);
        Assert.Equal(new StatisticsPoint(7, 7, 7, 7, 7, 7), Assert.Single(merged.Points));
    }

    [Fact]
    public void Merged_results_are_in_result_order_whatever_order_the_owners_answered_in()
    {
        var merged = ResultMerging.Statistics([[Stats(Beta, (T0, 1))], [Stats(Alpha, (T0, 1)), Stats(Beta, (T0, 1))]], timeSeries: true);

        Assert.Equal([Alpha, Beta], merged.Select(s => s.Key));
    }

    [Fact]
    public void Merging_owner_results_equals_computing_over_all_their_windows()
    {
        var hit = Hit("allow-db", ns: "shop");
        var shopFlow = Key(sourceNs: "shop", policies: Enforced(hit));
        var bankFlow = Key(sourceNs: "bank", reporter: Reporter.Dst, destNs: "bank", policies: Enforced(hit));
        var shop = new[] { Window(T0, Counters(packetsIn: 1, packetsOut: 1), shopFlow), Window(T0 + 15, Counters(packetsIn: 2), shopFlow) };
        var bank = new[] { Window(T0 + 15, Counters(packetsOut: 3), bankFlow), Window(T0 + 30, Counters(packetsIn: 4), bankFlow) };

        var merged = ResultMerging.Statistics([PolicyStatisticsCalculatorTests.Of(shop), PolicyStatisticsCalculatorTests.Of(bank)], timeSeries: true);
        var together = PolicyStatisticsCalculatorTests.Of([shop[0], Window(T0 + 15, Flow(shopFlow, T0 + 15, Counters(packetsIn: 2)), Flow(bankFlow, T0 + 15, Counters(packetsOut: 3))), bank[1]]);

        var single = Assert.Single(merged);
        Assert.Equal<long>(Assert.Single(together).WindowStarts, single.WindowStarts);
        Assert.Equal<StatisticsPoint>(together[0].Points, single.Points);
    }

    [Fact]
    public void No_owner_results_merge_into_nothing()
    {
        Assert.Empty(ResultMerging.Statistics([[], []], timeSeries: true));
    }

    private static StatisticsKey PolicyKey(string name) =>
        new(PolicyKind.NetworkPolicy, "default", "shop", name, FlowAction.Unspecified, 0, RuleDirection.Any);

    private static PolicyStatistics Stats(StatisticsKey key, params (long Start, long Value)[] points) =>
        new(key, [.. points.Select(p => p.Start)], [.. points.Select(p => new StatisticsPoint(p.Value, p.Value, p.Value, p.Value, p.Value, p.Value))]);
}
