using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Console.State;
using Microsoft.AspNetCore.WebUtilities;

namespace FlowGrain.Console.Tests.Unit;

/// <summary>The console's URL: the same <c>filters</c> JSON as the HTTP API, a range, the view and the tab.</summary>
public sealed class ConsoleQueryTests
{
    [Fact]
    public void A_query_survives_the_round_trip_through_its_url()
    {
        var filter = new FlowFilter
        {
            SourceNamespaces = [new StringMatch("checkout")],
            DestNames = [new StringMatch("pay", MatchType.Fuzzy)],
            Actions = [FlowAction.Deny],
            PendingActions = [FlowAction.Deny],
            DestPorts = [443],
            Reporter = Reporter.Dst,
            Policies = [PolicyMatch.Any with { Kind = PolicyKind.Profile }],
        };
        var query = new ConsoleQuery(filter, 1_800_000_000, 1_800_000_600, ConsoleView.History, ConsoleTab.Map);

        var parsed = Parse(query.ToRelativeUri(), out var problems);

        Assert.Empty(problems);
        Assert.Equal(query.FilterJson, parsed.FilterJson);
        Assert.Equal((query.From, query.Until, query.View, query.Tab), (parsed.From, parsed.Until, parsed.View, parsed.Tab));
    }

    [Fact]
    public void The_default_url_names_only_the_range()
    {
        Assert.Equal("/?range=-900", ConsoleQuery.Default.ToRelativeUri());
        Assert.Equal(ConsoleQuery.Default, Parse("/", out _));
    }

    [Fact]
    public void The_http_apis_parameter_names_are_understood_too()
    {
        var parsed = Parse("/?startTimeGte=-300&startTimeLt=-60&filters=" + Uri.EscapeDataString("""{"actions":["Allow"]}"""), out _);

        Assert.Equal((-300, -60), (parsed.From, parsed.Until));
        Assert.Equal([FlowAction.Allow], parsed.Filter.Actions.ToArray());
    }

    [Fact]
    public void Bad_parameters_fall_back_to_defaults_and_say_why()
    {
        var parsed = Parse("/?filters=%7Bnot-json&range=soon&view=sideways", out var problems);

        Assert.Equal(ConsoleQuery.Default, parsed);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("filters", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("range", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("view", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("live,history")]
    public void A_view_is_named_not_numbered(string view)
    {
        var parsed = Parse("/?view=" + Uri.EscapeDataString(view), out var problems);

        Assert.Equal(ConsoleQuery.Default.View, parsed.View);
        Assert.StartsWith("view", Assert.Single(problems), StringComparison.Ordinal);
    }

    private static ConsoleQuery Parse(string relativeUri, out List<string> problems)
    {
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://console"), relativeUri).Query);
        problems = [];
        return ConsoleQuery.Parse(query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), problems);
    }
}
