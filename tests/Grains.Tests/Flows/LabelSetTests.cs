using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Tests.Flows;

public sealed class LabelSetTests
{
    [Fact]
    public void Of_sorts_ordinally_and_removes_duplicates()
    {
        var set = LabelSet.Of(["b=2", "a=1", "B=3", "a=1"]);

        Assert.Equal<string>(["B=3", "a=1", "b=2"], set.Labels);
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void Of_nothing_is_the_empty_set()
    {
        Assert.Same(LabelSet.Empty, LabelSet.Of([]));
        Assert.Equal(0, LabelSet.Empty.Count);
    }

    [Fact]
    public void Sets_with_the_same_labels_in_any_order_are_equal()
    {
        var a = LabelSet.Of(["x=1", "y=2"]);
        var b = LabelSet.Of(["y=2", "x=1", "x=1"]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, LabelSet.Of(["x=1"]));
    }

    [Fact]
    public void Intersect_keeps_the_labels_both_sets_have()
    {
        var a = LabelSet.Of(["app=web", "env=prod", "tier=front", "zone=a"]);
        var b = LabelSet.Of(["app=web", "env=dev", "tier=front", "zone=b", "extra=1"]);

        Assert.Equal(LabelSet.Of(["app=web", "tier=front"]), a.Intersect(b));
        Assert.Equal(a.Intersect(b), b.Intersect(a));
    }

    [Fact]
    public void Intersect_with_an_equal_set_gives_that_set()
    {
        var a = LabelSet.Of(["app=web", "env=prod"]);

        Assert.Equal(a, a.Intersect(LabelSet.Of(["env=prod", "app=web"])));
        Assert.Equal(a, a.Intersect(a));
    }

    [Fact]
    public void Intersect_of_disjoint_sets_is_empty()
    {
        var result = LabelSet.Of(["a=1"]).Intersect(LabelSet.Of(["b=1"]));

        Assert.Equal(LabelSet.Empty, result);
        Assert.Equal(0, result.Count);
    }

    [Fact]
    public void Intersect_with_the_empty_set_is_empty_from_either_side()
    {
        var a = LabelSet.Of(["a=1"]);

        Assert.Equal(LabelSet.Empty, a.Intersect(LabelSet.Empty));
        Assert.Equal(LabelSet.Empty, LabelSet.Empty.Intersect(a));
        Assert.Equal(LabelSet.Empty, LabelSet.Empty.Intersect(LabelSet.Empty));
    }

    [Fact]
    public void Labels_that_differ_only_in_case_are_different_labels()
    {
        var result = LabelSet.Of(["app=Web"]).Intersect(LabelSet.Of(["app=web"]));

        Assert.Equal(LabelSet.Empty, result);
    }
}
