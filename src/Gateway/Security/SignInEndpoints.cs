using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace FlowGrain.Gateway.Security;

/// <summary>
/// The console's sign-in: in Bearer mode a page that takes a token and keeps the caller in a session cookie (the
/// token itself is not stored in it); in Oidc mode a redirect to the identity provider. <c>POST /signout</c> ends either.
/// </summary>
public static class SignInEndpoints
{
    public const string Path = "/signin";

    public const string SignOutPath = "/signout";

    public static void MapSignIn(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<AuthSettings>().Mode;
        app.MapGet(Path, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) => mode == AuthMode.Oidc
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrRoot(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
            : Page(context, antiforgery, returnUrl, error: null)).AllowAnonymous();
        if (mode == AuthMode.Bearer) app.MapPost(Path, SignInAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost(SignOutPath, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(Path);
        }).DisableAntiforgery();
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, TokenStore tokens)
    {
        // Checked here rather than by the framework so that a stale form gets the page again, not a bare 400.
        if (!await antiforgery.IsRequestValidAsync(context)) return Page(context, antiforgery, null, "The form expired; sign in again.");
        var form = await context.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        if (tokens.Current.Find(form["token"].ToString().Trim()) is not { } entry)
        {
            return Page(context, antiforgery, returnUrl, "That token is not one of this gateway's.", StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            CallerClaims.Principal(entry.Name, entry.Namespaces, CookieAuthenticationDefaults.AuthenticationScheme));
        return Results.LocalRedirect(LocalOrRoot(returnUrl));
    }

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        var message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{html.Encode(error)}</p>";
        return Results.Content($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in · FlowGrain</title>
            <style>
              body { font-family: system-ui, sans-serif; background: #f5f6f8; display: grid; place-items: center; min-height: 100vh; margin: 0; }
              form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: min(26rem, 90vw); }
              h1 { font-size: 1.3rem; margin: 0 0 1rem; } label { display: block; margin-bottom: .4rem; }
              input[type=password] { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; }
              button { margin-top: 1rem; padding: .6rem 1.4rem; font-size: 1rem; background: #1e5aa8; color: #fff; border: 0; border-radius: 4px; }
              .error { color: #b00020; } .hint { color: #555; font-size: .9rem; }
            </style></head>
            <body><form method="post" action="{{Path}}">
              <h1>FlowGrain</h1>{{message}}
              <label for="token">Access token</label>
              <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
              <input type="hidden" name="returnUrl" value="{{html.Encode(LocalOrRoot(returnUrl))}}">
              <input type="hidden" name="{{tokens.FormFieldName}}" value="{{html.Encode(tokens.RequestToken ?? "")}}">
              <button type="submit">Sign in</button>
              <p class="hint">Ask your cluster's operator for a token; it decides which namespaces you see.</p>
            </form></body></html>
            """, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>Only paths of this site: a sign-in link must not be able to send the browser elsewhere.</summary>
    private static string LocalOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
