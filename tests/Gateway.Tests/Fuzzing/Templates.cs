using FlowGrain.Protocol;
using FlowGrain.Tests.Support.Fuzzing;
using Google.Protobuf;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;
using Action = FlowGrain.Protocol.Action;

namespace FlowGrain.Gateway.Tests.Fuzzing;

/// <summary>Valid messages with every field set, for <see cref="Mutations"/> to edit.</summary>
internal static class Templates
{
    /// <summary>Flow updates in namespace "mutant": whatever their mutants decode to, they never land in a test's own namespace.</summary>
    public static byte[][] FlowUpdates(long start) =>
    [
        Update("mutant", "api-*", "mutant-db", "db-*", start).ToByteArray(),
        Update("mutant", "web-*", "mutant", "api-*", start, reporter: Reporter.Dst, action: Action.Deny, destPort: 443, proto: "udp",
            sourceLabels: ["app=web", "tier=front"], destLabels: ["app=api"],
            enforced: [Hit(PolicyKind.CalicoNetworkPolicy, "mutant", "deny-all", "default", Action.Deny, 1, 2,
                trigger: Hit(PolicyKind.EndOfTier, "", "default", "default", Action.Deny))],
            pending: [Hit(PolicyKind.StagedNetworkPolicy, "mutant", "staged", "default", Action.Allow)]).ToByteArray(),
    ];

    public static Filter FullFilter() => new()
    {
        SourceNames = { Exact("api-*"), Fuzzy("web") },
        SourceNamespaces = { Exact("mutant") },
        DestNames = { Fuzzy("db") },
        DestNamespaces = { Exact("mutant-db") },
        Protocols = { Exact("tcp") },
        DestPorts = { new PortMatch { Port = 443 } },
        Actions = { Action.Allow, Action.Deny },
        PendingActions = { Action.Pass },
        Policies = { Policy() },
        Reporter = Reporter.Dst,
    };

    public static PolicyMatch Policy() => new()
    {
        Kind = PolicyKind.CalicoNetworkPolicy, Action = Action.Deny, Tier = Exact("default"), Name = Fuzzy("deny"), Namespace = Exact("mutant"),
    };

    public static byte[][] ListRequests() =>
    [
        new FlowListRequest { StartTimeGte = -900, Page = 1, PageSize = 20, SortBy = { new SortOption { SortBy = SortBy.DestName } }, Filter = FullFilter() }.ToByteArray(),
        new FlowListRequest { StartTimeGte = -3600, StartTimeLt = -60, AggregationInterval = 60, Filter = new Filter { Actions = { Action.Deny } } }.ToByteArray(),
    ];

    public static byte[][] HintsRequests() =>
    [
        new FilterHintsRequest { Type = FilterType.SourceNamespace, Filter = FullFilter(), StartTimeGte = -900, Page = 0, PageSize = 10 }.ToByteArray(),
        new FilterHintsRequest { Type = FilterType.PolicyName, Filter = new Filter { Reporter = Reporter.Src } }.ToByteArray(),
    ];

    public static byte[][] StreamRequests() =>
    [
        new FlowStreamRequest { StartTimeGte = -60, Filter = FullFilter() }.ToByteArray(),
        new FlowStreamRequest { StartTimeGte = -30, AggregationInterval = 15 }.ToByteArray(),
    ];

    public static byte[][] StatisticsRequests() =>
    [
        new StatisticsRequest { StartTimeGte = -900, Type = StatisticType.PacketCount, GroupBy = StatisticsGroupBy.Policy, PolicyMatch = Policy(), TimeSeries = true }.ToByteArray(),
        new StatisticsRequest { StartTimeGte = -900, Type = StatisticType.ByteCount, GroupBy = StatisticsGroupBy.PolicyRule }.ToByteArray(),
    ];
}
