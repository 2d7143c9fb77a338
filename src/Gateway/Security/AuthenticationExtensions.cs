using System.Security.Cryptography.X509Certificates;
using FlowGrain.Hosting.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// Authentication and authorisation of the console, the HTTP API and the gRPC query APIs (Auth:*). One policy
/// scheme picks the handler per request: a bearer token (static or JWT), a trusted mutual-TLS certificate, or the
/// console's sign-in cookie. Every endpoint needs an authenticated caller unless it says otherwise (health, the
/// collector, the console's static files and sign-in page).
/// </summary>
public static class AuthenticationExtensions
{
    /// <summary>The scheme every request is authenticated with; it forwards to the right handler.</summary>
    public const string Scheme = "FlowGrain";

    /// <summary>The console's session cookie.</summary>
    public const string SessionCookie = "flowgrain-session";

    /// <summary>Policy of endpoints that expose every namespace at once (<c>/metrics</c>).</summary>
    public const string AllNamespacesPolicy = "AllNamespaces";

    public static WebApplicationBuilder AddFlowGrainAuthentication(this WebApplicationBuilder builder, GatewayTlsSettings tls)
    {
        var settings = AuthSettings.Read(builder.Configuration, tls.Grpc.RequiresClientCertificates);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<CallerScopes>();
        builder.Services.AddHostedService<AuthStartupWarning>();
        if (settings.Mode == AuthMode.None)
        {
            builder.Services.AddAuthorization();
            return builder;
        }

        if (settings.Mode == AuthMode.Bearer)
        {
            builder.Services.AddSingleton<TokenStore>();
            builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, ConsoleSessionRevalidation>();
        }
        var authentication = builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "FlowGrain", policy => policy.ForwardDefaultSelector = context => Select(context, settings))
            .AddScheme<AuthenticationSchemeOptions, StaticTokenHandler>(StaticTokenHandler.SchemeName, _ => { })
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie => ConfigureCookie(cookie, settings));
        if (settings.Options.TrustedClientCertificates.Count > 0) AddTrustedCertificates(authentication, builder.Services, settings);
        if (settings.Mode == AuthMode.Oidc) AddOidc(authentication, settings.Options.Oidc);

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(AllNamespacesPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(CallerClaims.Namespace, CallerClaims.AllNamespaces));
        return builder;
    }

    public static WebApplication UseFlowGrainAuthentication(this WebApplication app)
    {
        if (app.Services.GetRequiredService<AuthSettings>().Mode != AuthMode.None) app.UseAuthentication();
        app.UseAuthorization();
        if (app.Services.GetRequiredService<AuthSettings>().Mode != AuthMode.None) app.MapSignIn();
        return app;
    }

    /// <summary>Which handler authenticates this request.</summary>
    private static string Select(HttpContext context, AuthSettings settings)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            return settings.Mode == AuthMode.Oidc ? JwtBearerDefaults.AuthenticationScheme : StaticTokenHandler.SchemeName;
        }

        // Only a listed name goes to the certificate handler; any other certificate gets the API's 401 with a reason.
        if (context.Connection.ClientCertificate is { } certificate
            && CertificateTrust.NameOf(certificate) is { } name && settings.Options.TrustedClientCertificates.Contains(name, StringComparer.Ordinal))
        {
            return CertificateAuthenticationDefaults.AuthenticationScheme;
        }

        // The console's session cookie also works for the HTTP API (a signed-in browser may read /whisker-backend).
        var session = context.Request.Cookies.ContainsKey(SessionCookie);
        return ApiRequests.IsApi(context.Request) && !session ? StaticTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, AuthSettings settings)
    {
        cookie.Cookie.Name = SessionCookie;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        cookie.SlidingExpiration = true;
        cookie.LoginPath = SignInEndpoints.Path;
        cookie.Events.OnRedirectToLogin = context =>
        {
            // Scripts (the circuit, API calls with an expired session) get a status, pages the sign-in page.
            if (ApiRequests.IsApi(context.Request) || ApiRequests.IsCircuit(context.Request)) context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            else context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
        if (settings.Mode == AuthMode.Oidc) cookie.ForwardChallenge = OpenIdConnectDefaults.AuthenticationScheme;
        if (settings.Mode == AuthMode.Bearer)
        {
            // A session ends as soon as its token leaves the file or changes namespaces.
            cookie.Events.OnValidatePrincipal = context =>
            {
                var tokens = context.HttpContext.RequestServices.GetRequiredService<TokenStore>().Current;
                var user = context.Principal!;
                var namespaces = user.FindAll(CallerClaims.Namespace).Select(c => c.Value).ToList();
                if (!tokens.Holds(user.Identity?.Name ?? "", namespaces)) context.RejectPrincipal();
                return Task.CompletedTask;
            };
        }
    }

    /// <summary>Clients with a mutual-TLS certificate named in Auth:TrustedClientCertificates see every namespace.</summary>
    private static void AddTrustedCertificates(AuthenticationBuilder authentication, IServiceCollection services, AuthSettings settings)
    {
        var trusted = settings.Options.TrustedClientCertificates.ToHashSet(StringComparer.Ordinal);
        authentication.AddCertificate(certificate =>
        {
            certificate.AllowedCertificateTypes = CertificateTypes.Chained;
            certificate.RevocationMode = X509RevocationMode.NoCheck;
            certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            certificate.Events = new CertificateAuthenticationEvents
            {
                OnCertificateValidated = context =>
                {
                    var name = CertificateTrust.NameOf(context.ClientCertificate);
                    if (name is not null && trusted.Contains(name))
                    {
                        context.Principal = CallerClaims.Principal(name, [CallerClaims.AllNamespaces], CertificateAuthenticationDefaults.AuthenticationScheme);
                        context.Success();
                    }
                    else
                    {
                        context.Fail($"The client certificate \"{name}\" is not in Auth:TrustedClientCertificates.");
                    }

                    return Task.CompletedTask;
                },
            };
        });
        // The handler checks the chain again, against the CA bundle the gRPC port uses now (it may have rotated).
        services.AddSingleton<IPostConfigureOptions<CertificateAuthenticationOptions>, CurrentClientAuthorities>();
    }

    private static void AddOidc(AuthenticationBuilder authentication, OidcOptions oidc)
    {
        authentication.AddJwtBearer(jwt =>
        {
            jwt.Authority = oidc.Authority;
            jwt.Audience = oidc.Audience ?? oidc.ClientId;
            jwt.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            jwt.MapInboundClaims = false;
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    context.Principal = OidcClaims.Caller(context.Principal!, oidc, JwtBearerDefaults.AuthenticationScheme);
                    return Task.CompletedTask;
                },
            };
        });
        authentication.AddOpenIdConnect(connect =>
        {
            connect.Authority = oidc.Authority;
            connect.ClientId = oidc.ClientId;
            connect.ClientSecret = oidc.ClientSecret;
            connect.ResponseType = "code";
            connect.UsePkce = true;
            connect.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            connect.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            connect.MapInboundClaims = false;
            connect.GetClaimsFromUserInfoEndpoint = true;
            connect.Scope.Add("profile");
            connect.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context =>
                {
                    context.Principal = OidcClaims.Caller(context.Principal!, oidc, CookieAuthenticationDefaults.AuthenticationScheme);
                    return Task.CompletedTask;
                },
            };
        });
    }

    private sealed class CurrentClientAuthorities : IPostConfigureOptions<CertificateAuthenticationOptions>
    {
        private readonly GatewayCertificates _certificates;

        public CurrentClientAuthorities(GatewayCertificates certificates, IOptionsMonitorCache<CertificateAuthenticationOptions> cache)
        {
            _certificates = certificates;
            // Options are built once and cached: a rotated CA bundle drops them, to be built again with it.
            if (certificates.Grpc is { } grpc) grpc.Files.Changed += _ => cache.TryRemove(CertificateAuthenticationDefaults.AuthenticationScheme);
        }

        public void PostConfigure(string? name, CertificateAuthenticationOptions options)
        {
            if (_certificates.Grpc?.Files.Current.ClientAuthorities is not { } authorities) return;
            options.CustomTrustStore.Clear();
            options.CustomTrustStore.AddRange(authorities);
        }
    }
}
