using System.IO;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Http;

namespace FlowGrain.Gateway.Console.Export;

/// <summary>
/// The rows on screen as a file: JSON is an array of flows exactly as the HTTP API writes them (<see cref="WhiskerFlowJson"/>);
/// CSV has one column per field of that JSON, under the same names, with policy traces written as text.
/// </summary>
public static class FlowExport
{
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "id", "start_time", "end_time", "action", "source_namespace", "source_name", "source_type", "source_labels",
        "dest_namespace", "dest_name", "dest_type", "dest_labels", "dest_service_namespace", "dest_service_name",
        "dest_service_port_name", "dest_service_port", "protocol", "dest_port", "reporter", "enforced_policies",
        "pending_policies", "packets_in", "packets_out", "bytes_in", "bytes_out", "num_connections_started",
        "num_connections_completed", "num_connections_live",
    ];

    public static byte[] Json(IEnumerable<AggregatedFlow> flows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var flow in flows) WhiskerFlowJson.Write(json, flow);
            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    public static byte[] Csv(IEnumerable<AggregatedFlow> flows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', CsvColumns).Append("\r\n");
        foreach (var flow in flows)
        {
            var key = flow.Key;
            var c = flow.Counters;
            string[] fields =
            [
                key.Id.ToString(CultureInfo.InvariantCulture), WhiskerFlowJson.Rfc3339(flow.Start), WhiskerFlowJson.Rfc3339(flow.End),
                WhiskerNames.Of(key.Action), key.SourceNamespace, key.SourceName, WhiskerNames.Of(key.SourceType), flow.SourceLabels.ToString(),
                key.DestNamespace, key.DestName, WhiskerNames.Of(key.DestType), flow.DestLabels.ToString(), key.DestServiceNamespace,
                key.DestServiceName, key.DestServicePortName, Number(key.DestServicePort), key.Proto, Number(key.DestPort),
                WhiskerNames.Of(key.Reporter), Trace(key.Policies.Enforced), Trace(key.Policies.Pending), Number(c.PacketsIn),
                Number(c.PacketsOut), Number(c.BytesIn), Number(c.BytesOut), Number(c.ConnectionsStarted),
                Number(c.ConnectionsCompleted), Number(c.ConnectionsLive),
            ];
            csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A policy trace as text: "Kind tier/namespace/name Action (policy i, rule j)", hits joined with "; ".</summary>
    public static string Trace(IEnumerable<PolicyHit> hits) => string.Join("; ", hits.Select(hit => hit.ToString()));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
