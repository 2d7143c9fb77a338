using FlowGrain.Abstractions.Flows;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Flows;

public sealed class PolicyHitTests
{
    [Fact]
    public void An_EndOfTier_hit_is_attributed_to_its_trigger()
    {
        var trigger = Hit("default-deny", ns: "bank");

        Assert.Same(trigger, EndOfTier(trigger).Attributed);
    }

    [Fact]
    public void Any_other_hit_is_attributed_to_itself()
    {
        var hit = Hit("allow-db");
        var orphan = hit with { Kind = PolicyKind.EndOfTier };

        Assert.Same(hit, hit.Attributed);
        Assert.Same(orphan, orphan.Attributed);
    }

    [Fact]
    public void Canonical_order_compares_by_policy_index_first()
    {
        var first = Hit("z", policyIndex: 0);
        var second = Hit("a", policyIndex: 1);

        Assert.True(PolicyHit.CanonicalOrder.Compare(first, second) < 0);
        Assert.True(PolicyHit.CanonicalOrder.Compare(second, first) > 0);
        Assert.Equal(0, PolicyHit.CanonicalOrder.Compare(first, first with { }));
    }

    [Fact]
    public void Canonical_order_tells_hits_apart_by_their_trigger()
    {
        var a = EndOfTier(Hit("a"));
        var b = EndOfTier(Hit("b"));

        Assert.NotEqual(0, PolicyHit.CanonicalOrder.Compare(a, b));
    }

    // PolicyHit is a record, so its generated ToString prints every public property, Attributed included; for any hit
    // that is not an EndOfTier hit with a trigger, Attributed is the hit itself, and printing recurses until the
    // runtime throws InsufficientExecutionStackException. Logging a hit, or an assertion message showing one, fails.
    [Fact]
    public void A_policy_hit_can_be_printed()
    {
        var hit = Hit("allow-db", ns: "shop");

        var exception = Record.Exception(() => hit.ToString());

        Assert.True(exception is null, $"PolicyHit.ToString() threw {exception?.GetType().Name} (the record prints Attributed, which is the hit itself)");
        Assert.Contains("allow-db", hit.ToString(), StringComparison.Ordinal);
    }
}
