using FlowGrain.Grains.Metrics;

namespace FlowGrain.Grains.Tests.Metrics;

public sealed class SeriesLimiterTests
{
    private static readonly HashSet<string> Bounded = ["action"];

    [Fact]
    public void Combinations_up_to_the_cap_keep_their_labels_and_later_ones_fold_their_unbounded_labels()
    {
        var limiter = new SeriesLimiter(2, Bounded);

        Assert.False(limiter.Admit(Labels("a", "allow")).Folded);
        Assert.False(limiter.Admit(Labels("b", "deny")).Folded);
        Assert.False(limiter.Admit(Labels("a", "allow")).Folded);
        var (labels, folded) = limiter.Admit(Labels("c", "deny"));

        Assert.True(folded);
        Assert.Equal([new("ns", SeriesLimiter.Other), new("action", "deny")], labels);
        Assert.Equal(2, limiter.Count);
    }

    private static KeyValuePair<string, object?>[] Labels(string ns, string action) => [new("ns", ns), new("action", action)];
}
