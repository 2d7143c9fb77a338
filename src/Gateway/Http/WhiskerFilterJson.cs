using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Queries;
using FlowGrain.Gateway.Wire;

namespace FlowGrain.Gateway.Http;

/// <summary>
/// The <c>filters</c> parameter of Calico's console API: JSON to the domain filter (with errors naming the field)
/// and back (the console keeps its filters in the URL in this same form). Unknown fields are ignored, as Calico does.
/// </summary>
public static class WhiskerFilterJson
{
    public static FlowFilter Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return FlowFilter.All;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new InvalidQueryException($"filters: not valid JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null) return FlowFilter.All;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidQueryException("filters: must be a JSON object.");
            return new FlowFilter
            {
                SourceNames = List(root, "source_names", StringMatchOf),
                SourceNamespaces = List(root, "source_namespaces", StringMatchOf),
                DestNames = List(root, "dest_names", StringMatchOf),
                DestNamespaces = List(root, "dest_namespaces", StringMatchOf),
                Protocols = List(root, "protocols", StringMatchOf),
                DestPorts = List(root, "dest_ports", PortOf),
                Actions = List(root, "actions", (e, p) => EnumOf<FlowAction>(e, p)),
                PendingActions = List(root, "pending_actions", (e, p) => EnumOf<FlowAction>(e, p)),
                Policies = List(root, "policies", PolicyMatchOf),
                Reporter = root.TryGetProperty("reporter", out var reporter) && reporter.ValueKind != JsonValueKind.Null
                    ? EnumOf<Reporter>(reporter, "filters.reporter")
                    : Reporter.Unspecified,
            };
        }
    }

    /// <summary>The filter as compact JSON with only the fields that constrain something; null when nothing does.</summary>
    public static string? Write(FlowFilter filter)
    {
        if (filter.IsEmpty) return null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteMatches(json, "source_names", filter.SourceNames);
            WriteMatches(json, "source_namespaces", filter.SourceNamespaces);
            WriteMatches(json, "dest_names", filter.DestNames);
            WriteMatches(json, "dest_namespaces", filter.DestNamespaces);
            WriteMatches(json, "protocols", filter.Protocols);
            if (!filter.DestPorts.IsDefaultOrEmpty)
            {
                json.WriteStartArray("dest_ports");
                foreach (var port in filter.DestPorts)
                {
                    json.WriteStartObject();
                    json.WriteNumber("value", port);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            WriteActions(json, "actions", filter.Actions);
            WriteActions(json, "pending_actions", filter.PendingActions);
            if (filter.Reporter != Reporter.Unspecified) json.WriteString("reporter", WhiskerNames.Of(filter.Reporter));
            if (!filter.Policies.IsDefaultOrEmpty)
            {
                json.WriteStartArray("policies");
                foreach (var policy in filter.Policies) WritePolicy(json, policy);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static ImmutableArray<T> List<T>(JsonElement root, string name, Func<JsonElement, string, T> read)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null) return [];
        if (array.ValueKind != JsonValueKind.Array) throw new InvalidQueryException($"filters.{name}: must be an array.");
        if (array.GetArrayLength() > FilterWireMapping.MaxEntriesPerField)
            throw new InvalidQueryException($"filters.{name}: at most {FilterWireMapping.MaxEntriesPerField} entries are allowed.");
        return [.. array.EnumerateArray().Select((element, i) => read(element, $"filters.{name}[{i}]"))];
    }

    private static StringMatch StringMatchOf(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new InvalidQueryException($"{path}: must be an object like {{\"value\": \"...\", \"type\": \"Exact\"}}.");
        var value = element.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new InvalidQueryException($"{path}.value: a string is required.");
        var type = element.TryGetProperty("type", out var t) && t.ValueKind != JsonValueKind.Null ? EnumOf<MatchType>(t, $"{path}.type") : MatchType.Exact;
        return new StringMatch(value, type);
    }

    private static long PortOf(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var port)
            ? port
            : throw new InvalidQueryException($"{path}: must be an object like {{\"value\": 443}}.");

    private static PolicyMatch PolicyMatchOf(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new InvalidQueryException($"{path}: must be an object.");
        StringMatch Optional(string name) =>
            element.TryGetProperty(name, out var e) && e.ValueKind != JsonValueKind.Null ? StringMatchOf(e, $"{path}.{name}") : new StringMatch("");
        return new PolicyMatch(
            element.TryGetProperty("kind", out var kind) && kind.ValueKind != JsonValueKind.Null ? EnumOf<PolicyKind>(kind, $"{path}.kind") : PolicyKind.Unspecified,
            Optional("tier"),
            Optional("namespace"),
            Optional("name"),
            element.TryGetProperty("action", out var action) && action.ValueKind != JsonValueKind.Null ? EnumOf<FlowAction>(action, $"{path}.action") : FlowAction.Unspecified);
    }

    private static T EnumOf<T>(JsonElement element, string path) where T : struct, Enum =>
        element.ValueKind == JsonValueKind.String && WhiskerNames.Parse<T>(element.GetString()) is { } value
            ? value
            : throw new InvalidQueryException($"{path}: {element.GetRawText()} is not a {typeof(T).Name}; use one of {WhiskerNames.Choices<T>()}.");

    private static void WriteMatches(Utf8JsonWriter json, string name, ImmutableArray<StringMatch> matches)
    {
        if (matches.IsDefaultOrEmpty) return;
        json.WriteStartArray(name);
        foreach (var match in matches) WriteMatch(json, match);
        json.WriteEndArray();
    }

    private static void WriteMatch(Utf8JsonWriter json, StringMatch match)
    {
        json.WriteStartObject();
        json.WriteString("value", match.Value);
        json.WriteString("type", WhiskerNames.Of(match.Type));
        json.WriteEndObject();
    }

    private static void WriteActions(Utf8JsonWriter json, string name, ImmutableArray<FlowAction> actions)
    {
        if (actions.IsDefaultOrEmpty) return;
        json.WriteStartArray(name);
        foreach (var action in actions) json.WriteStringValue(WhiskerNames.Of(action));
        json.WriteEndArray();
    }

    private static void WritePolicy(Utf8JsonWriter json, PolicyMatch policy)
    {
        json.WriteStartObject();
        if (policy.Kind != PolicyKind.Unspecified) json.WriteString("kind", WhiskerNames.Of(policy.Kind));
        foreach (var (name, match) in new[] { ("tier", policy.Tier), ("namespace", policy.Namespace), ("name", policy.Name) })
        {
            if (match.IsWildcard) continue;
            json.WritePropertyName(name);
            WriteMatch(json, match);
        }

        if (policy.Action != FlowAction.Unspecified) json.WriteString("action", WhiskerNames.Of(policy.Action));
        json.WriteEndObject();
    }
}
