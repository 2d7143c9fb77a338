using System.Globalization;
using System.Text.RegularExpressions;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Observability;

/// <summary>Many namespaces do not grow the traffic metrics beyond the cap; what is folded into "other" keeps totals exact.</summary>
public sealed partial class CardinalityCapTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch),
        settings: new Dictionary<string, string?> { ["Metrics:MaxSeriesPerMetric"] = "5" });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Forty_namespaces_export_at_most_the_cap_plus_folded_series_and_the_sum_stays_exact()
    {
        var start = _gateway.Now - 20;
        var updates = Enumerable.Range(0, 40).Select(i => Update($"tenant-{i}", "app-*", "shared", "db-*", start,
            enforced: [Hit(PolicyKind.NetworkPolicy, $"tenant-{i}", $"allow-{i}", "default", FlowGrain.Protocol.Action.Allow)])).ToArray();
        foreach (var update in updates) await NodeClient.ReportAsync(_gateway, "node-1", update);
        await _gateway.DrainAsync();

        using var http = new HttpClient();
        var exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{_gateway.HttpPort}/metrics"));

        var flows = Series(exposition, "flowgrain_traffic_flows_total");
        Assert.True(flows.Count <= 5 + 1, $"{flows.Count} series");
        Assert.Equal(40, flows.Sum(s => s.Value));
        Assert.Contains(flows, s => s.Labels.Contains("source_namespace=\"other\"", StringComparison.Ordinal));
        var hits = Series(exposition, "flowgrain_policy_hits_total");
        Assert.True(hits.Count <= 5 + 1, $"{hits.Count} series");
        Assert.Equal(40, hits.Sum(s => s.Value));
        Assert.True(Series(exposition, "flowgrain_metrics_folded_total").Sum(s => s.Value) > 0);
    }

    // Other test classes run gateways in this process and OpenTelemetry listens to meters by name, so keep to this test's series.
    private static List<(string Labels, double Value)> Series(string exposition, string name) =>
        [.. SampleLine().Matches(exposition).Where(m => m.Groups["name"].Value == name)
            .Where(m => name == "flowgrain_metrics_folded_total" || OurNamespaces().IsMatch(m.Groups["labels"].Value))
            .Select(m => (m.Groups["labels"].Value, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex(@"namespace=""(tenant-\d+|other)""")]
    private static partial Regex OurNamespaces();

    [GeneratedRegex(@"^(?<name>[a-z_]+)\{(?<labels>[^}]*)\} (?<value>[0-9.e+-]+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
