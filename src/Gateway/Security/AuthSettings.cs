using System.Net;
using FlowGrain.Hosting.Security;
using FlowGrain.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// The "Auth" section, checked when the gateway is composed: the mode in force (None only by default on loopback),
/// and every file and key that mode needs, so that a gateway never starts more open than its operator meant.
/// </summary>
public sealed record AuthSettings(AuthMode Mode, AuthOptions Options, bool NoneOnPublicAddress)
{
    public static AuthSettings Read(IConfiguration configuration, bool mutualTls)
    {
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new();
        var listen = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>()?.ListenAddress ?? new GatewayOptions().ListenAddress;
        var loopback = IPAddress.TryParse(listen, out var address) && IPAddress.IsLoopback(address);
        var problems = new List<string>();

        if (options.Mode is null && !loopback)
        {
            problems.Add($"Auth:Mode is not set and Gateway:ListenAddress is \"{listen}\", not a loopback address: set Auth:Mode to Bearer or Oidc, " +
                "or to None to let everyone who reaches the ports see every namespace.");
        }

        var mode = options.Mode ?? AuthMode.None;
        if (mode == AuthMode.Bearer)
        {
            if (string.IsNullOrWhiteSpace(options.TokensFile)) problems.Add("Auth:Mode is Bearer but Auth:TokensFile is not set.");
            else SecretFileException.Collect(problems, () => AccessTokens.Load(options.TokensFile));
        }

        if (mode == AuthMode.Oidc)
        {
            if (!Uri.TryCreate(options.Oidc.Authority, UriKind.Absolute, out _)) problems.Add("Auth:Mode is Oidc but Auth:Oidc:Authority is not an absolute URL.");
            if (string.IsNullOrWhiteSpace(options.Oidc.ClientId)) problems.Add("Auth:Mode is Oidc but Auth:Oidc:ClientId is not set.");
        }

        if (options.TrustedClientCertificates.Count > 0 && !mutualTls)
        {
            problems.Add("Auth:TrustedClientCertificates is set but Tls:ClientCaFile is not: without mutual TLS no client presents a certificate.");
        }

        if (problems.Count > 0) throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions), problems);
        return new AuthSettings(mode, options, NoneOnPublicAddress: mode == AuthMode.None && !loopback);
    }
}
