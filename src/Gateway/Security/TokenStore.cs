using FlowGrain.Hosting.Security;

namespace FlowGrain.Gateway.Security;

/// <summary>Auth:TokensFile, re-read when it changes; a change that does not load keeps the previous tokens.</summary>
public sealed class TokenStore : IDisposable
{
    private readonly ReloadingFiles<AccessTokens> _file;

    public TokenStore(AuthSettings settings, GatewayTlsSettings tls, TimeProvider time, ILogger<TokenStore> logger)
    {
        var path = settings.Options.TokensFile!;
        _file = new ReloadingFiles<AccessTokens>("token file", [path], () => AccessTokens.Load(path), tls.Grpc.ReloadInterval, time, logger);
    }

    public AccessTokens Current => _file.Current;

    /// <summary>Looks at the file now instead of at the next interval (tests).</summary>
    public void Check() => _file.Check();

    public void Dispose() => _file.Dispose();
}
