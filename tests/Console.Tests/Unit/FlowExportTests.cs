using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Console.Export;
using FlowGrain.Gateway.Http;
using FlowGrain.Console.Tests.Infrastructure;
using static FlowGrain.Console.Tests.Unit.Flows;

namespace FlowGrain.Console.Tests.Unit;

/// <summary>Export files: JSON exactly as the HTTP API writes flows, CSV with the same fields under the same names.</summary>
public sealed class FlowExportTests
{
    private static readonly PolicyTrace Trace = new(
        [new PolicyHit(PolicyKind.EndOfTier, "", "", "default", FlowAction.Deny, 1, -1,
            new PolicyHit(PolicyKind.NetworkPolicy, "db", "db.default-deny", "default", FlowAction.Deny, 1, -1))],
        [new PolicyHit(PolicyKind.StagedNetworkPolicy, "db", "lockdown", "default", FlowAction.Deny, 1, 0)]);

    [Fact]
    public void Json_is_an_array_of_the_http_apis_flow_objects()
    {
        var flows = new[] { Flow("api", policies: Trace), Flow("web, \"quoted\"") };

        using var json = JsonDocument.Parse(FlowExport.Json(flows));

        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.Equal(
            JsonDocument.Parse(WhiskerFlowJson.ToJson(flows[0])).RootElement.GetRawText(),
            JsonSerializer.Serialize(json.RootElement[0]));
    }

    [Fact]
    public void Csv_has_a_header_of_the_json_field_names_and_one_quoted_line_per_flow()
    {
        var flows = new[] { Flow("api", bytes: 1000, policies: Trace), Flow("web, \"quoted\"") };

        var text = Encoding.UTF8.GetString(FlowExport.Csv(flows));
        var lines = Csv.Parse(text);

        Assert.Equal(3, lines.Count);
        var header = lines[0];
        using var json = JsonDocument.Parse(WhiskerFlowJson.ToJson(flows[0]));
        Assert.All(header.Where(column => !column.EndsWith("_policies", StringComparison.Ordinal)), column => Assert.True(json.RootElement.TryGetProperty(column, out _), column));
        var first = lines[1];
        Assert.Equal(flows[0].Key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), first[Array.IndexOf(header, "id")]);
        Assert.Equal("1000", (long.Parse(first[Array.IndexOf(header, "bytes_in")], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(first[Array.IndexOf(header, "bytes_out")], System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("triggered by NetworkPolicy default/db/db.default-deny", first[Array.IndexOf(header, "enforced_policies")], StringComparison.Ordinal);
        Assert.StartsWith("StagedNetworkPolicy default/db/lockdown Deny", first[Array.IndexOf(header, "pending_policies")], StringComparison.Ordinal);
        Assert.Contains("\"web, \"\"quoted\"\"\"", text, StringComparison.Ordinal);
        Assert.Equal("web, \"quoted\"", lines[2][Array.IndexOf(header, "source_name")]);
    }

    [Fact]
    public void An_empty_view_exports_an_empty_array_and_a_header()
    {
        Assert.Equal("[]", Encoding.UTF8.GetString(FlowExport.Json(ImmutableArray<AggregatedFlow>.Empty)));
        Assert.Equal(string.Join(",", FlowExport.CsvColumns) + "\r\n", Encoding.UTF8.GetString(FlowExport.Csv([])));
    }
}
