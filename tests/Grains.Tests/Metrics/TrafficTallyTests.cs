using FlowGrain.Abstractions.Flows;
using FlowGrain.Grains.Metrics;

namespace FlowGrain.Grains.Tests.Metrics;

public sealed class TrafficTallyTests
{
    [Fact]
    public void Flows_are_summed_per_label_combination_and_policy_hits_counted_per_flow()
    {
        var tally = new TrafficTally(new MetricsOptions());
        var deny = new PolicyHit(PolicyKind.EndOfTier, "", "", "default", FlowAction.Deny, 1, -1,
            new PolicyHit(PolicyKind.NetworkPolicy, "bank", "bank.default-deny", "default", FlowAction.Deny, 1, -1));
        tally.Add(Report("shop", "bank", FlowAction.Deny, bytesIn: 10, enforced: deny));
        tally.Add(Report("shop", "bank", FlowAction.Deny, bytesIn: 5, enforced: deny));
        tally.Add(Report("", "bank", FlowAction.Allow, bytesIn: 1));

        var traffic = tally.Traffic.ToDictionary(t => string.Join(",", t.Labels), t => t.Sums);
        Assert.Equal(new TrafficSums(15, 0, 0, 0, 2, 2), traffic["shop,bank,deny,dst"]);
        Assert.Equal(1, traffic["-,bank,allow,dst"].Flows);
        var hit = Assert.Single(tally.PolicyHits);
        Assert.Equal(["NetworkPolicy", "default", "bank", "bank.default-deny", "deny", "enforced"], hit.Labels);
        Assert.Equal(2, hit.Hits);
    }

    [Fact]
    public void Leaving_a_label_out_sums_over_it()
    {
        var tally = new TrafficTally(new MetricsOptions { TrafficLabels = [TrafficLabel.Action] });
        tally.Add(Report("a", "x", FlowAction.Allow, bytesIn: 1));
        tally.Add(Report("b", "y", FlowAction.Allow, bytesIn: 2));

        var only = Assert.Single(tally.Traffic);
        Assert.Equal(["allow"], only.Labels);
        Assert.Equal(3, only.Sums.BytesIn);
    }

    [Fact]
    public void Unknown_labels_are_a_configuration_problem()
    {
        Assert.Contains("dest_port", new MetricsOptions { TrafficLabels = ["dest_port"] }.Problem(), StringComparison.Ordinal);
        Assert.Contains("MaxSeriesPerMetric", new MetricsOptions { MaxSeriesPerMetric = 0 }.Problem(), StringComparison.Ordinal);
        Assert.Null(new MetricsOptions().Problem());
    }

    private static FlowReport Report(string source, string dest, FlowAction action, long bytesIn, params PolicyHit[] enforced) => new(
        "node",
        new FlowKey { SourceNamespace = source, DestNamespace = dest, Reporter = Reporter.Dst, Action = action, Policies = PolicyTrace.Canonical(enforced, []) },
        100, 100, LabelSet.Empty, LabelSet.Empty, new FlowCounters(0, 0, bytesIn, 0, 1, 1, 0));
}
