using System.Globalization;
using System.Text;
using CsCheck;

namespace FlowGrain.Tests.Support.Fuzzing;

/// <summary>
/// Generators of hostile query strings for the HTTP API and the console: parameters known and unknown, numbers
/// out of range, and <c>filters</c> JSON that is random, nearly right, or not JSON at all.
/// </summary>
public static class HostileQueries
{
    private static readonly string[] FilterKeys =
    [
        "source_names", "source_namespaces", "dest_names", "dest_namespaces", "protocols", "dest_ports", "actions",
        "pending_actions", "policies", "reporter", "value", "type", "kind", "tier", "name", "namespace", "action", "port",
    ];

    private static readonly string[] Words =
    [
        "Allow", "Deny", "Pass", "Src", "Dst", "Exact", "Fuzzy", "CalicoNetworkPolicy", "EndOfTier", "Profile", "tcp", "",
        "default", "*", "Time", "DestName", "SourceNamespace", "PolicyTier", "live", "history", "flows", "charts", "map",
        "true", "false", "null", "\u0000", "\uFFFF", "🦀", "%", "&", "=", "\\", "\"",
    ];

    private static readonly Gen<string> Word = Gen.Frequency(
        (3, Gen.OneOf(Words)),
        (1, Gen.String[0, 40]),
        (1, Gen.Char['\u0000', '\u024F'].Array[0, 20].Select(chars => new string(chars))));

    private static readonly Gen<string> Number = Gen.Frequency(
        (3, Gen.Long[-5000, 5000].Select(Text)),
        (2, Gen.Long.Select(Text)),
        (1, Gen.OneOf("9223372036854775808", "-9223372036854775809", "1e99", "0x10", "+15", "-0", " 7", "NaN", "1.5")));

    private static readonly Gen<string> JsonScalar = Gen.Frequency(
        (3, Word.Select(Quoted)),
        (2, Number),
        (1, Gen.OneOf("true", "false", "null", "1e400", "-1")));

    /// <summary>JSON values nested up to <paramref name="depth"/>, objects keyed mostly by the filter's own keys.</summary>
    private static Gen<string> Json(int depth) => depth == 0
        ? JsonScalar
        : Gen.Frequency(
            (2, JsonScalar),
            (2, Json(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (3, Gen.Select(Gen.Frequency((4, Gen.OneOf(FilterKeys)), (1, Word)), Json(depth - 1), (key, value) => Quoted(key) + ":" + value)
                .Array[0, 5].Select(members => "{" + string.Join(",", members) + "}")));

    /// <summary>A <c>filters</c> value: JSON of any shape (mostly objects of filter keys), or text that is not JSON.</summary>
    public static readonly Gen<string> FilterJson = Gen.Frequency(
        (6, Json(4)),
        (1, Word),
        (1, Json(3).Select(json => json.Length > 2 ? json[..(json.Length / 2)] : json)));

    /// <summary>Parameters of a request: mostly the ones named, some unknown, each with a value of any kind.</summary>
    public static Gen<KeyValuePair<string, string>[]> Parameters(params string[] names) =>
        Gen.Select(
            Gen.Frequency((5, Gen.OneOf(names)), (1, Word)),
            Gen.Frequency((3, Number), (3, Word), (3, FilterJson)),
            (name, value) => KeyValuePair.Create(name, value)).Array[0, 6];

    /// <summary>The parameters as a query string (each escaped, so the request itself is well formed).</summary>
    public static string QueryString(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(Escape(name)).Append('=').Append(Escape(value));
        }

        return query.ToString();
    }

    private static string Escape(string text)
    {
        // Lone surrogates cannot be escaped as UTF-8; the browser would replace them, and so does this.
        var valid = new string([.. text.Select(c => char.IsSurrogate(c) ? '\uFFFD' : c)]);
        return Uri.EscapeDataString(valid);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
