using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlowGrain.Hosting.Security;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// The tokens of Auth:TokensFile, kept and looked up by their SHA-256: the lookup's timing says nothing about a
/// token's characters, and the table in memory holds no token.
/// </summary>
public sealed class AccessTokens
{
    private const int MinimumTokenLength = 16;

    private readonly Dictionary<string, Entry> _byHash;

    private AccessTokens(Dictionary<string, Entry> byHash) => _byHash = byHash;

    public int Count => _byHash.Count;

    /// <summary>The name and namespaces of a token, or null when it is not one of these.</summary>
    public Entry? Find(string token) => _byHash.GetValueOrDefault(Hash(token));

    /// <summary>Whether a token of this name still exists with these namespaces (a console session outlives a request).</summary>
    public bool Holds(string name, IReadOnlyCollection<string> namespaces) =>
        _byHash.Values.Any(e => e.Name == name && e.Namespaces.Count == namespaces.Count && e.Namespaces.All(namespaces.Contains));

    public static AccessTokens Load(string file)
    {
        if (!File.Exists(file)) throw new SecretFileException($"Auth:TokensFile names {file}, which does not exist.");
        List<TokenEntryJson>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<TokenEntryJson>>(File.ReadAllText(file), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new SecretFileException($"Auth:TokensFile ({file}) is not a JSON array of {{\"name\", \"token\", \"namespaces\"}}: {ex.Message}", ex);
        }

        var byHash = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, index) in (entries ?? []).Select((e, i) => (e, i)))
        {
            var where = $"Auth:TokensFile ({file}) entry {index}";
            if (string.IsNullOrWhiteSpace(entry.Name)) throw new SecretFileException($"{where} has no name.");
            if (!names.Add(entry.Name)) throw new SecretFileException($"{where}: the name \"{entry.Name}\" is used twice.");
            if (entry.Token is not { Length: >= MinimumTokenLength })
                throw new SecretFileException($"{where} (\"{entry.Name}\"): the token must be at least {MinimumTokenLength} characters.");
            if (entry.Namespaces is not { Count: > 0 } || entry.Namespaces.Any(string.IsNullOrWhiteSpace))
                throw new SecretFileException($"{where} (\"{entry.Name}\"): \"namespaces\" must list at least one namespace, or \"*\" for all.");
            if (!byHash.TryAdd(Hash(entry.Token), new Entry(entry.Name, [.. entry.Namespaces])))
                throw new SecretFileException($"{where} (\"{entry.Name}\"): the same token is given twice.");
        }

        return new AccessTokens(byHash);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Who a token stands for and what it may see ("*" for every namespace).</summary>
    public sealed record Entry(string Name, IReadOnlyCollection<string> Namespaces);

    private sealed record TokenEntryJson(string? Name, string? Token, List<string>? Namespaces);
}
