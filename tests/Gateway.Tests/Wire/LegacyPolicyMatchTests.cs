using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Gateway.Wire;
using FlowGrain.Protocol;
using Google.Protobuf;

namespace FlowGrain.Gateway.Tests.Wire;

/// <summary>PolicyMatch fields 2–4 as v3.30/31 plain strings are rewritten into v3.32 StringMatches; v3.32 requests are untouched.</summary>
public sealed class LegacyPolicyMatchTests
{
    [Fact]
    public void Plain_strings_become_exact_string_matches()
    {
        var legacy = RawCalls.Field(6, RawCalls.Field(8, RawCalls.LegacyPolicyMatch(PolicyKind.NetworkPolicy, tier: "default", ns: "bank", name: "allow-a")));

        var request = FlowListRequest.Parser.ParseFrom(LegacyPolicyMatch.Upgrade(legacy, LegacyPolicyMatch.InListRequest));

        var match = Assert.Single(request.Filter.Policies);
        Assert.Equal(PolicyKind.NetworkPolicy, match.Kind);
        Assert.Equal(new StringMatch { Value = "default" }, match.Tier);
        Assert.Equal(new StringMatch { Value = "bank" }, match.Namespace);
        Assert.Equal(new StringMatch { Value = "allow-a" }, match.Name);
    }

    [Fact]
    public void A_current_request_comes_back_as_the_same_bytes()
    {
        var current = new FlowListRequest
        {
            Filter = new Filter { Policies = { new PolicyMatch { Name = new StringMatch { Value = "x", Type = MatchType.Fuzzy }, Tier = new StringMatch { Value = "t" } } } },
            PageSize = 5,
        }.ToByteArray();

        Assert.Same(current, LegacyPolicyMatch.Upgrade(current, LegacyPolicyMatch.InListRequest));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("allow-all-egress-to-the-internet")]
    [InlineData("tier.policy")]
    [InlineData("ÅÄÖ-unicode")]
    public void Any_printable_name_is_read_as_text(string name)
    {
        var legacy = RawCalls.Field(5, RawCalls.LegacyPolicyMatch(name: name));

        var request = StatisticsRequest.Parser.ParseFrom(LegacyPolicyMatch.Upgrade(legacy, LegacyPolicyMatch.InStatisticsRequest));

        Assert.Equal(name, request.PolicyMatch.Name.Value);
        Assert.Equal(MatchType.Exact, request.PolicyMatch.Name.Type);
    }

    [Fact]
    public void Malformed_bytes_are_left_for_the_parser_to_reject()
    {
        byte[] garbage = [0x32, 0x7F, 0x01];
        Assert.Same(garbage, LegacyPolicyMatch.Upgrade(garbage, LegacyPolicyMatch.InListRequest));
    }
}
