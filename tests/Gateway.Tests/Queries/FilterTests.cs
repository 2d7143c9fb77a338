using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;
using Action = FlowGrain.Protocol.Action;

namespace FlowGrain.Gateway.Tests.Queries;

/// <summary>Calico's filter semantics over gRPC: every field, Exact and Fuzzy, console aliases, OR within a field, AND across.</summary>
public sealed class FilterTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if ((await ListAsync(new Filter())).Flows.Count == 0) await FilterDataset.LoadAsync(fixture.Gateway);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, Filter, string> Cases => new()
    {
        { "no filter", new Filter(), "F1,F2,F3,F4,F5,F6,F7" },
        { "source name exact", new Filter { SourceNames = { Exact("api-*") } }, "F1,F2" },
        { "source name fuzzy", new Filter { SourceNames = { Fuzzy("work") } }, "F4,F5" },
        { "fuzzy is case-sensitive", new Filter { SourceNames = { Fuzzy("API") } }, "" },
        { "fuzzy also matches console names", new Filter { SourceNames = { Fuzzy("NETWORK") } }, "F3" },
        { "pvt by its console name", new Filter { SourceNames = { Exact("PRIVATE NETWORK") } }, "F3" },
        { "pvt by fuzzy console name", new Filter { SourceNames = { Fuzzy("PRIVATE") } }, "F3" },
        { "pvt as stored", new Filter { SourceNames = { Exact("pvt") } }, "F3" },
        { "pub by its console name", new Filter { DestNames = { Exact("PUBLIC NETWORK") } }, "F2" },
        { "pub by fuzzy stored name", new Filter { DestNames = { Fuzzy("pu") } }, "F2" },
        { "Global namespace", new Filter { SourceNamespaces = { Exact("Global") } }, "F3,F7" },
        { "- namespace", new Filter { SourceNamespaces = { Exact("-") } }, "F3,F7" },
        { "entries of a field are ORed", new Filter { DestNamespaces = { Exact("bank"), Exact("kube-system") } }, "F4,F5,F6,F7" },
        { "dest namespace fuzzy", new Filter { DestNamespaces = { Fuzzy("ban") } }, "F4,F5" },
        { "protocol", new Filter { Protocols = { Exact("udp") } }, "F6,F7" },
        { "one port", new Filter { DestPorts = { new PortMatch { Port = 53 } } }, "F6,F7" },
        { "ports are ORed", new Filter { DestPorts = { new PortMatch { Port = 443 }, new PortMatch { Port = 80 } } }, "F2,F3" },
        { "action", new Filter { Actions = { Action.Deny } }, "F5" },
        { "pending action", new Filter { PendingActions = { Action.Deny } }, "F4" },
        { "reporter", new Filter { Reporter = Reporter.Dst }, "F3,F5" },
        { "no policy (Profile)", new Filter { Policies = { new PolicyMatch { Kind = PolicyKind.Profile } } }, "F3" },
        { "EndOfTier by its trigger's name", new Filter { Policies = { new PolicyMatch { Name = Exact("default-deny") } } }, "F5" },
        { "policy tier", new Filter { Policies = { new PolicyMatch { Tier = Exact("security") } } }, "F2,F6" },
        { "staged kind and action", new Filter { Policies = { new PolicyMatch { Kind = PolicyKind.StagedNetworkPolicy, Action = Action.Deny } } }, "F4" },
        { "policy namespace fuzzy and action", new Filter { Policies = { new PolicyMatch { Namespace = Fuzzy("sho"), Action = Action.Allow } } }, "F1" },
        { "policy matches are ORed", new Filter { Policies = { new PolicyMatch { Tier = Exact("security") }, new PolicyMatch { Kind = PolicyKind.Profile } } }, "F2,F3,F6" },
        { "a policy match needs every field", new Filter { Policies = { new PolicyMatch { Tier = Exact("security"), Name = Exact("allow-db") } } }, "" },
        { "fields are ANDed", new Filter { SourceNamespaces = { Exact("shop") }, Reporter = Reporter.Src, Protocols = { Exact("tcp") } }, "F1,F2,F4" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Filter_selects_exactly_the_matching_flows(string description, Filter filter, string expected)
    {
        var result = await ListAsync(filter);
        Assert.True(expected == FilterDataset.Identify(result.Flows), $"{description}: expected [{expected}], got [{FilterDataset.Identify(result.Flows)}]");
        Assert.Equal(result.Flows.Count, result.Meta.TotalResults);
    }

    private Task<FlowListResult> ListAsync(Filter filter) =>
        new Flows.FlowsClient(fixture.Gateway.Channel).ListAsync(new FlowListRequest { Filter = filter }).ResponseAsync;
}
