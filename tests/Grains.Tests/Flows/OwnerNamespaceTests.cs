using FlowGrain.Abstractions.Flows;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Flows;

public sealed class OwnerNamespaceTests
{
    [Fact]
    public void A_source_reported_flow_belongs_to_the_source_namespace()
    {
        Assert.Equal("shop", OwnerNamespace.Of(Key(sourceNs: "shop", destNs: "bank", reporter: Reporter.Src)));
    }

    [Fact]
    public void A_destination_reported_flow_belongs_to_the_destination_namespace()
    {
        Assert.Equal("bank", Key(sourceNs: "shop", destNs: "bank", reporter: Reporter.Dst).Owner);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    public void A_reporting_endpoint_without_a_namespace_belongs_to_the_not_namespaced_owner(string ns)
    {
        Assert.Equal(OwnerNamespace.NotNamespaced, OwnerNamespace.Of(Key(sourceNs: ns, reporter: Reporter.Src)));
    }

    [Theory]
    [InlineData("pub", DisplayNames.PublicNetwork)]
    [InlineData("pvt", DisplayNames.PrivateNetwork)]
    [InlineData("nginx-*", null)]
    public void Felix_placeholder_names_have_console_spellings(string name, string? display)
    {
        Assert.Equal(display, DisplayNames.ForName(name));
    }

    [Fact]
    public void The_not_namespaced_placeholder_is_shown_as_Global()
    {
        Assert.Equal(DisplayNames.GlobalNamespace, DisplayNames.ForNamespace("-"));
        Assert.Null(DisplayNames.ForNamespace("shop"));
    }
}
