using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Grains.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

public sealed class TopSelectionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Taking_the_top_equals_sorting_everything_and_taking_the_head(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var items = Enumerable.Range(0, random.Next(0, 400)).Select(_ => random.Next(0, 60)).ToArray();
            var order = round % 2 == 0 ? Comparer<int>.Default : Comparer<int>.Create((a, b) => b.CompareTo(a));
            var sorted = (int[])items.Clone();
            Array.Sort(sorted, order);

            foreach (var limit in Limits(items.Length, random))
            {
                var top = TopSelection.Take(items, order, limit);

                var expected = limit > 0 ? sorted.Take(limit) : sorted;
                Assert.Equal(expected, top);
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Taking_the_top_flows_equals_sorting_them_for_every_sort_option(int seed)
    {
        var random = new Random(seed);
        var flows = Enumerable.Range(0, 300).Select(_ => RandomFlow(random)).ToArray();
        foreach (var sort in Enum.GetValues<FlowSort>())
        {
            var order = new FlowOrdering([sort, FlowSort.SourceName]);
            var sorted = (AggregatedFlow[])flows.Clone();
            Array.Sort(sorted, order);

            foreach (var limit in new[] { 1, 7, 30, 74, 75, 299, 300, 301 })
            {
                var top = TopSelection.Take(flows, order, limit);

                Assert.Equal(sorted.Take(limit).Select(f => (f.Key.Id, f.Start)), top.Select(f => (f.Key.Id, f.Start)));
            }
        }
    }

    [Fact]
    public void A_limit_of_zero_returns_everything_sorted()
    {
        var top = TopSelection.Take([3, 1, 2], Comparer<int>.Default, 0);

        Assert.Equal<int>([1, 2, 3], top);
    }

    [Fact]
    public void A_limit_beyond_the_count_returns_everything_sorted()
    {
        var top = TopSelection.Take([3, 1, 2], Comparer<int>.Default, 10);

        Assert.Equal<int>([1, 2, 3], top);
    }

    [Fact]
    public void An_empty_input_gives_an_empty_result()
    {
        Assert.Empty(TopSelection.Take(Array.Empty<int>(), Comparer<int>.Default, 5));
    }

    private static IEnumerable<int> Limits(int count, Random random) =>
        [0, 1, 2, 3, count / 8, (count / 4) - 1, count / 4, count - 1, count, count + 1, random.Next(1, count + 2)];

    private static AggregatedFlow RandomFlow(Random random)
    {
        var key = Key(
            source: $"src-{random.Next(5)}",
            sourceNs: $"ns-{random.Next(4)}",
            sourceType: (EndpointType)random.Next(1, 5),
            dest: $"dst-{random.Next(5)}",
            destNs: $"ns-{random.Next(4)}",
            destType: (EndpointType)random.Next(1, 5),
            port: random.Next(1000));
        return Flow(key, T0 + (15 * random.Next(10)));
    }
}
