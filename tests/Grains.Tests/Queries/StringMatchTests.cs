using FlowGrain.Abstractions.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

public sealed class StringMatchTests
{
    [Theory]
    [InlineData("nginx-*", true)]
    [InlineData("nginx", false)]
    [InlineData("NGINX-*", false)]
    [InlineData("nginx-*x", false)]
    public void Exact_is_case_sensitive_equality(string candidate, bool matches)
    {
        Assert.Equal(matches, Exact("nginx-*").Matches(candidate));
    }

    [Theory]
    [InlineData("nginx-7c5d8-*", true)]
    [InlineData("my-nginx", true)]
    [InlineData("nginx", true)]
    [InlineData("NGINX-7c5d8-*", false)]
    [InlineData("ngin", false)]
    public void Fuzzy_is_a_case_sensitive_substring(string candidate, bool matches)
    {
        Assert.Equal(matches, Fuzzy("nginx").Matches(candidate));
    }

    [Fact]
    public void Exact_is_the_default_match_type()
    {
        Assert.Equal(MatchType.Exact, new StringMatch("a").Type);
    }

    [Fact]
    public void An_empty_value_is_a_wildcard()
    {
        Assert.True(Exact("").IsWildcard);
        Assert.False(Exact("a").IsWildcard);
    }

    // Calico's name filters (goldmane stringMatches) treat an empty Exact value literally and an empty Fuzzy value as
    // a substring of everything; only PolicyMatch fields use IsWildcard. These pin that parity.
    [Fact]
    public void An_empty_fuzzy_value_matches_any_string()
    {
        Assert.True(Fuzzy("").Matches("anything"));
    }

    [Fact]
    public void An_empty_exact_value_matches_only_an_empty_string()
    {
        Assert.True(Exact("").Matches(""));
        Assert.False(Exact("").Matches("anything"));
    }
}
