using System.IO;
using FlowGrain.Gateway.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>The Auth section: None only by default on loopback, and a start-up error for whatever a mode lacks.</summary>
public sealed class AuthSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("flowgrain-auth-settings-").FullName;

    [Fact]
    public void On_loopback_no_mode_means_None_and_elsewhere_a_mode_must_be_chosen()
    {
        Assert.Equal(AuthMode.None, Read().Mode);
        Assert.Equal(AuthMode.None, Read(("Gateway:ListenAddress", "::1")).Mode);

        Assert.Contains("Auth:Mode is not set and Gateway:ListenAddress is \"*\"", Refused(("Gateway:ListenAddress", "*")), StringComparison.Ordinal);
        Assert.Contains("not a loopback address", Refused(("Gateway:ListenAddress", "10.0.0.5")), StringComparison.Ordinal);

        var open = Read(("Gateway:ListenAddress", "*"), ("Auth:Mode", "None"));
        Assert.True(open.NoneOnPublicAddress);
        Assert.False(Read().NoneOnPublicAddress);
    }

    [Fact]
    public void Bearer_needs_a_tokens_file_that_loads()
    {
        Assert.Contains("Auth:TokensFile is not set", Refused(("Auth:Mode", "Bearer")), StringComparison.Ordinal);
        Assert.Contains("does not exist", Refused(("Auth:Mode", "Bearer"), ("Auth:TokensFile", Path.Combine(_directory, "none.json"))), StringComparison.Ordinal);

        Assert.Contains("not a JSON array", RefusedTokens("{\"name\": 1"), StringComparison.Ordinal);
        Assert.Contains("at least 16 characters", RefusedTokens("""[{"name": "a", "token": "short", "namespaces": ["x"]}]"""), StringComparison.Ordinal);
        Assert.Contains("must list at least one namespace", RefusedTokens("""[{"name": "a", "token": "0123456789abcdef", "namespaces": []}]"""), StringComparison.Ordinal);
        Assert.Contains("is used twice", RefusedTokens("""
            [{"name": "a", "token": "0123456789abcdef", "namespaces": ["x"]}, {"name": "a", "token": "0123456789abcdeg", "namespaces": ["y"]}]
            """), StringComparison.Ordinal);

        var tokens = Tokens("""[{"name": "team", "token": "0123456789abcdef", "namespaces": ["x", "y"]}]""");
        Assert.Equal(AuthMode.Bearer, Read(("Auth:Mode", "Bearer"), ("Auth:TokensFile", tokens)).Mode);
    }

    [Fact]
    public void Oidc_needs_an_authority_and_a_client_id_and_trusted_certificates_need_mutual_TLS()
    {
        var problem = Refused(("Auth:Mode", "Oidc"));
        Assert.Contains("Auth:Oidc:Authority is not an absolute URL", problem, StringComparison.Ordinal);
        Assert.Contains("Auth:Oidc:ClientId is not set", problem, StringComparison.Ordinal);
        Assert.Contains("Tls:ClientCaFile is not", Refused(("Auth:TrustedClientCertificates:0", "whisker-backend")), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Tokens(string json)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private string RefusedTokens(string json) => Refused(("Auth:Mode", "Bearer"), ("Auth:TokensFile", Tokens(json)));

    private static AuthSettings Read(params (string Key, string Value)[] settings) => AuthSettings.Read(Configuration(settings), mutualTls: false);

    private static string Refused(params (string Key, string Value)[] settings) =>
        Assert.Throws<OptionsValidationException>(() => Read(settings)).Message;

    private static IConfiguration Configuration((string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
