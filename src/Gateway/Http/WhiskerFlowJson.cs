using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Gateway.Http;

/// <summary>
/// A flow as Calico's console backend sends it (snake_case, enum names, RFC 3339 times, labels joined with " | "),
/// plus what Calico drops: the id (as a string, exact in JavaScript), endpoint types, service, connection counts
/// and labels as arrays. The one place that knows this JSON shape.
/// </summary>
public static class WhiskerFlowJson
{
    public static void Write(Utf8JsonWriter json, AggregatedFlow flow)
    {
        var key = flow.Key;
        json.WriteStartObject();
        json.WriteString("id", key.Id.ToString(CultureInfo.InvariantCulture));
        json.WriteString("start_time", Rfc3339(flow.Start));
        json.WriteString("end_time", Rfc3339(flow.End));
        json.WriteString("action", WhiskerNames.Of(key.Action));
        json.WriteString("source_name", key.SourceName);
        json.WriteString("source_namespace", key.SourceNamespace);
        json.WriteString("source_type", WhiskerNames.Of(key.SourceType));
        json.WriteString("source_labels", flow.SourceLabels.ToString());
        WriteStrings(json, "source_labels_list", flow.SourceLabels.Labels);
        json.WriteString("dest_name", key.DestName);
        json.WriteString("dest_namespace", key.DestNamespace);
        json.WriteString("dest_type", WhiskerNames.Of(key.DestType));
        json.WriteString("dest_labels", flow.DestLabels.ToString());
        WriteStrings(json, "dest_labels_list", flow.DestLabels.Labels);
        json.WriteString("dest_service_name", key.DestServiceName);
        json.WriteString("dest_service_namespace", key.DestServiceNamespace);
        json.WriteString("dest_service_port_name", key.DestServicePortName);
        json.WriteNumber("dest_service_port", key.DestServicePort);
        json.WriteString("protocol", key.Proto);
        json.WriteNumber("dest_port", key.DestPort);
        json.WriteString("reporter", WhiskerNames.Of(key.Reporter));
        json.WriteStartObject("policies");
        WriteHits(json, "enforced", key.Policies.Enforced);
        WriteHits(json, "pending", key.Policies.Pending);
        json.WriteEndObject();
        json.WriteNumber("packets_in", flow.Counters.PacketsIn);
        json.WriteNumber("packets_out", flow.Counters.PacketsOut);
        json.WriteNumber("bytes_in", flow.Counters.BytesIn);
        json.WriteNumber("bytes_out", flow.Counters.BytesOut);
        json.WriteNumber("num_connections_started", flow.Counters.ConnectionsStarted);
        json.WriteNumber("num_connections_completed", flow.Counters.ConnectionsCompleted);
        json.WriteNumber("num_connections_live", flow.Counters.ConnectionsLive);
        json.WriteEndObject();
    }

    /// <summary>One flow as a JSON document (an SSE event's data, an export line).</summary>
    public static string ToJson(AggregatedFlow flow)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, flow);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Rfc3339(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteHits(Utf8JsonWriter json, string name, IEnumerable<PolicyHit> hits)
    {
        json.WriteStartArray(name);
        foreach (var hit in hits) WriteHit(json, hit);
        json.WriteEndArray();
    }

    private static void WriteHit(Utf8JsonWriter json, PolicyHit hit)
    {
        json.WriteStartObject();
        json.WriteString("kind", WhiskerNames.Of(hit.Kind));
        json.WriteString("name", hit.Name);
        json.WriteString("namespace", hit.Namespace);
        json.WriteString("tier", hit.Tier);
        json.WriteString("action", WhiskerNames.Of(hit.Action));
        json.WriteNumber("policy_index", hit.PolicyIndex);
        json.WriteNumber("rule_index", hit.RuleIndex);
        if (hit.Trigger is null)
        {
            json.WriteNull("trigger");
        }
        else
        {
            json.WritePropertyName("trigger");
            WriteHit(json, hit.Trigger);
        }

        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
