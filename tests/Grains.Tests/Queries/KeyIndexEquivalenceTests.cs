using CsCheck;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;
using FlowGrain.Grains.Aggregation;
using FlowGrain.Grains.Queries;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Queries;

/// <summary>
/// List, FilterHints and Statistics read through the owner's key table give exactly what summing every row of the
/// range's windows gives: random histories (open and closed windows, roll-ups, late reports with new keys, expired
/// windows, a clock that jumps ahead, or ahead and back, labels that stay the same per key or change), random ranges
/// (reaching past the fine windows into roll-ups), sorts, filters and page sizes.
/// </summary>
public sealed class KeyIndexEquivalenceTests
{
    private static readonly FlowKey[] Universe = BuildUniverse();

    private static readonly FlowFilter[] Filters =
    [
        FlowFilter.All,
        FlowFilter.All with { DestNames = [Fuzzy("db")] },
        FlowFilter.All with { Actions = [FlowAction.Deny] },
        FlowFilter.All with { Policies = [Policy(name: "allow-web")] },
        FlowFilter.All with { Reporter = Reporter.Dst, SourceNamespaces = [Exact("app")] },
        FlowFilter.All with { Scope = new NamespaceScope(["data"]) },
    ];

    private static readonly Gen<Scenario> Scenarios =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 30], Gen.Enum<ClockJump>(), Gen.Bool, (seed, windows, jump, steady) => new Scenario(seed, windows, jump, steady));

    [Fact]
    public void List_through_the_key_table_equals_summing_every_window()
    {
        Scenarios.Sample(scenario =>
        {
            var (ring, now, random) = scenario.Build();
            for (var q = 0; q < 20; q++)
            {
                var (from, until) = RandomRange(random, now);
                FlowSort[][] sorts = [[], [FlowSort.Time], [FlowSort.DestName], [FlowSort.SourceNamespace, FlowSort.Time], [FlowSort.DestType, FlowSort.SourceName]];
                var query = new FlowListQuery(new TimeRange(from, until), Filters[random.Next(Filters.Length)],
                    [.. sorts[random.Next(sorts.Length)]], new[] { 0, 1, 3, 100 }[random.Next(4)]);

                var expected = FlowListing.List(ring.Views(from, until, now: now), query);
                var actual = KeyListing.List(ring.KeysIn(from, until, now), query);

                Assert.Equal(expected.TotalResults, actual.TotalResults);
                Assert.Equal(expected.Flows.ToArray(), actual.Flows.ToArray());
            }
        });
    }

    [Fact]
    public void Hints_through_the_key_table_equal_reading_every_window()
    {
        Scenarios.Sample(scenario =>
        {
            var (ring, now, random) = scenario.Build();
            foreach (var field in Enum.GetValues<HintField>().Where(f => f != HintField.Unspecified))
            {
                var (from, until) = RandomRange(random, now);
                var query = new HintsQuery(new TimeRange(from, until), Filters[random.Next(Filters.Length)], field);

                Assert.Equal(
                    FilterHintValues.Of(ring.Views(from, until, now: now), query).ToArray(),
                    FilterHintValues.Of(ring.KeysIn(from, until, now), query).ToArray());
            }
        });
    }

    [Fact]
    public void Statistics_from_totals_per_policy_trace_equal_reading_every_row()
    {
        Scenarios.Sample(scenario =>
        {
            var (ring, now, random) = scenario.Build();
            for (var q = 0; q < 10; q++)
            {
                var (from, until) = RandomRange(random, now);
                var match = new[] { Policy(), Policy(name: "allow-web"), Policy(action: FlowAction.Deny), Policy(kind: PolicyKind.EndOfTier) }[random.Next(4)];
                var query = new StatisticsQuery(new TimeRange(from, until), (StatisticKind)random.Next(3), (StatisticsGrouping)random.Next(2),
                    match, TimeSeries: random.Next(2) == 0);

                var expected = PolicyStatisticsCalculator.Of(ring.Views(from, until, now: now), query);
                var actual = PolicyStatisticsCalculator.Of(ring.KeysIn(from, until, now).TraceTotals(), query);

                Assert.Equal(expected.Select(s => s.Key), actual.Select(s => s.Key));
                Assert.Equal(expected.SelectMany(s => s.WindowStarts), actual.SelectMany(s => s.WindowStarts));
                Assert.Equal(expected.SelectMany(s => s.Points), actual.SelectMany(s => s.Points));
            }
        });
    }

    private static (long From, long Until) RandomRange(Random random, long now)
    {
        var from = now - (random.Next(0, 60) * Width) - random.Next(0, 15);
        return (from, random.Next(3) == 0 ? now + Width : from + (random.Next(1, 40) * Width));
    }

    private static FlowKey[] BuildUniverse()
    {
        var allowWeb = Enforced(Hit("allow-web", policyIndex: 0, ruleIndex: 1));
        var denyAll = Enforced(Hit("deny-all", action: FlowAction.Deny), EndOfTier(Hit("allow-web")));
        var staged = PolicyTrace.Canonical([Hit("allow-web")], [Hit("staged-deny", action: FlowAction.Deny, kind: PolicyKind.StagedNetworkPolicy)]);
        return
        [
            Key(), Key(dest: "db-*", destNs: "data", policies: allowWeb), Key(dest: "db-*", destNs: "data", reporter: Reporter.Dst, policies: allowWeb),
            Key(source: "pub", sourceNs: "-", sourceType: EndpointType.Network, action: FlowAction.Deny, policies: denyAll),
            Key(port: 80, proto: "udp", policies: staged), Key(dest: "cache-*", port: 6379, destType: EndpointType.HostEndpoint),
            Key(source: "batch-*", reporter: Reporter.Dst, policies: denyAll, action: FlowAction.Deny), Key(dest: "db-0", destNs: "data"),
            Key(source: "zeta-*", dest: "alpha-*"), Key(port: 8443, policies: allowWeb), Key(dest: "dbx-*", destNs: "other"), Key(port: 9),
        ];
    }

    public enum ClockJump { None, Ahead, AheadAndBack }

    /// <param name="SteadyLabels">Each key reports the same labels in every window (mostly), as pods keep theirs.</param>
    private sealed record Scenario(int Seed, int Windows, ClockJump Jump, bool SteadyLabels)
    {
        /// <summary>A ring fed for <see cref="Windows"/> windows, closing and expiring as time goes by, with late reports.</summary>
        public (FlowRing Ring, long Now, Random Random) Build()
        {
            var random = new Random(Seed);
            // Five minutes of fine windows, one-minute roll-ups: ranges reach back past the seam into roll-ups.
            var ring = new FlowRing(new Abstractions.Time.WindowGrid(new Abstractions.Time.AggregationOptions { Retention = TimeSpan.FromMinutes(5) },
                new Abstractions.Time.HistoryOptions { RollupWindow = TimeSpan.FromMinutes(1), Retention = TimeSpan.FromMinutes(30) }));
            var now = T0;
            for (var w = 0; w < Windows; w++)
            {
                // 59 windows ahead: that window's natural place in the ring (64 windows for 5 minutes kept) is a window
                // still kept from 5 windows before, and going back keeps both it and the windows after.
                var jumped = Jump == ClockJump.Ahead ? w >= Windows / 2 : Jump == ClockJump.AheadAndBack && w == Windows / 2;
                now = T0 + (w * Width) + 1 + (jumped ? 59 * Width : 0);
                var start = ring.Grid.StartOf(now);
                ring.Ingest([.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => RandomReport(random, start + random.Next(15), $"node-{random.Next(3)}"))], now);
                if (random.Next(3) == 0)
                {
                    // Late reports, from a node that had not reported them, into windows that closed already.
                    var late = start - (Width * random.Next(2, 10));
                    ring.Ingest([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomReport(random, late, "late-node"))], now);
                }

                ring.CloseDue("app", now);
                ring.Expire(now);
            }

            return (ring, now, random);
        }

        private FlowReport RandomReport(Random random, long start, string node)
        {
            var key = random.Next(Universe.Length);
            // Steady keys keep the labels their number gives; one report in twenty differs even so.
            var steady = SteadyLabels && random.Next(20) != 0;
            return Report(
                Universe[key], start, node,
                Counters(random.Next(100), random.Next(100), random.Next(1000), random.Next(1000), random.Next(3), random.Next(3), random.Next(3)),
                Labels([.. new[] { "app=a", "v=1", "v=2", "tier=x" }.Where((_, i) => steady ? ((key >> i) & 1) == 0 : random.Next(2) == 0)]),
                Labels([.. new[] { "app=b", "v=1" }.Where((_, i) => steady ? ((key >> (i + 1)) & 1) == 0 : random.Next(2) == 0)]));
        }
    }
}
