namespace FlowGrain.Gateway.Security;

/// <summary>Who may query, and which namespaces each caller sees (configuration section "Auth").</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>None, Bearer or Oidc. Unset means None on a loopback address; any other address must choose.</summary>
    public AuthMode? Mode { get; set; }

    /// <summary>Bearer mode: JSON array of <c>{"name", "token", "namespaces"}</c>, re-read when it changes.</summary>
    public string? TokensFile { get; set; }

    /// <summary>Names (CN, else first DNS name) of mutual-TLS client certificates that may query every namespace, e.g. Calico's console backend.</summary>
    public List<string> TrustedClientCertificates { get; set; } = [];

    /// <summary>Oidc mode: the identity provider and the claims that carry namespaces and groups.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>How callers authenticate.</summary>
public enum AuthMode
{
    /// <summary>No authentication: everyone who reaches the ports sees every namespace.</summary>
    None,

    /// <summary>Static tokens from <see cref="AuthOptions.TokensFile"/>, each with its namespaces.</summary>
    Bearer,

    /// <summary>JWTs of an OpenID Connect provider for the APIs, OpenID Connect sign-in for the console.</summary>
    Oidc,
}

/// <summary>The OpenID Connect provider (keys Auth:Oidc:*).</summary>
public sealed class OidcOptions
{
    /// <summary>Issuer URL; its /.well-known/openid-configuration is read for keys and endpoints.</summary>
    public string? Authority { get; set; }

    /// <summary>Client id of the console's sign-in.</summary>
    public string? ClientId { get; set; }

    /// <summary>Client secret of the console's sign-in, when the provider requires one.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Audience API tokens must carry; defaults to the client id.</summary>
    public string? Audience { get; set; }

    /// <summary>Claim listing the namespaces a user may see (a JSON array or one claim per namespace; "*" for all).</summary>
    public string NamespacesClaim { get; set; } = "flowgrain_namespaces";

    /// <summary>Claim listing the user's groups.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Members of this group see every namespace.</summary>
    public string? AdminGroup { get; set; }

    /// <summary>Whether the provider's metadata must come over HTTPS (turn off only for a provider on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
