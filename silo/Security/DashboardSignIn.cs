using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>
/// How a browser reaches the dashboard: a sign-in page that exchanges an API key of an installation admin (admin of
/// <c>Mle:Security:BootstrapTenant</c>) for a session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS), and
/// single-use sign-in links an admin asks for with its key (for a browser that cannot type one: a test, a script).
/// </summary>
public static class DashboardSignIn
{
    public const string Path = "/signin";
    public const string LinkPath = "/signin/link";
    public const string SignOutPath = "/signout";

    /// <summary>How long a sign-in link works; it works once.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromSeconds(60);

    public static IEndpointRouteBuilder MapDashboardSignIn(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapGet(Path, (string? returnUrl) => Page(returnUrl, null, StatusCodes.Status200OK));
        pages.MapPost(Path, SignIn).DisableAntiforgery();
        pages.MapGet(LinkPath + "/{token}", FollowLink);
        pages.MapPost(SignOutPath, async (HttpContext http) =>
        {
            await http.SignOutAsync(SessionScheme);
            return Results.Redirect(Path);
        }).DisableAntiforgery();
        pages.MapPost(LinkPath, CreateLink).RequireAuthorization(InstallationAdmin.Policy);
        return app;
    }

    /// <summary>The cookie scheme of dashboard sessions.</summary>
    public const string SessionScheme = "MleSession";

    private static async Task<IResult> SignIn(HttpContext http, ApiKeyValidator validator, IOptions<SecurityOptions> security)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!ApiKeyToken.TryParse(form["key"].ToString().Trim(), out var token)
            || await validator.Validate(token, http.RequestAborted) is not { } caller)
        {
            return Page(returnUrl, "That key is unknown or revoked.", StatusCodes.Status401Unauthorized);
        }
        if (!InstallationAdmin.Is(caller, security.Value))
        {
            return Page(returnUrl, $"The dashboard shows every tenant: it needs an admin key of '{security.Value.BootstrapTenant}'.", StatusCodes.Status403Forbidden);
        }
        await http.SignInAsync(SessionScheme, CallerClaims.Principal(caller, SessionScheme));
        return Results.Redirect(LocalOrDashboard(returnUrl));
    }

    private static IResult CreateLink(HttpContext http, IMemoryCache links)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        links.Set(LinkKey(token), CallerClaims.Of(http.User)!, LinkLifetime);
        return Results.Ok(new SignInLinkResponse($"{LinkPath}/{token}", DateTimeOffset.UtcNow + LinkLifetime));
    }

    private static async Task<IResult> FollowLink(string token, string? returnUrl, HttpContext http, IMemoryCache links)
    {
        if (!links.TryGetValue<Caller>(LinkKey(token), out var caller) || caller is null)
        {
            return Page(returnUrl, "That sign-in link has expired or was used already.", StatusCodes.Status401Unauthorized);
        }
        links.Remove(LinkKey(token));
        await http.SignInAsync(SessionScheme, CallerClaims.Principal(caller, SessionScheme));
        return Results.Redirect(LocalOrDashboard(returnUrl));
    }

    private static string LinkKey(string token) => "mle-signin-link:" + token;

    /// <summary>Only a path of this site: a sign-in never redirects elsewhere.</summary>
    private static string LocalOrDashboard(string? returnUrl) =>
        returnUrl is { Length: > 1 } && returnUrl[0] == '/' && returnUrl[1] is not '/' and not '\\' ? returnUrl : "/dashboard/";

    private static IResult Page(string? returnUrl, string? error, int status) => Results.Content($$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Sign in · Orleans.Mle</title>
        <style>body{font-family:sans-serif;max-width:28rem;margin:4rem auto}input{width:100%;padding:.4rem;margin:.4rem 0}.error{color:#b00}</style>
        </head><body>
        <h1>Orleans.Mle dashboard</h1>
        <p>Sign in with an admin API key (the bootstrap key is in <code>{DataDirectory}/admin.key</code>).</p>
        {{(error is null ? "" : $"<p class=\"error\">{WebUtility.HtmlEncode(error)}</p>")}}
        <form method="post" action="{{Path}}">
        <input type="password" name="key" autocomplete="off" placeholder="mle_..." required autofocus>
        <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl ?? "")}}">
        <button type="submit">Sign in</button>
        </form>
        </body></html>
        """, "text/html; charset=utf-8", statusCode: status);
}

/// <summary>A single-use sign-in link: open <see cref="Url"/> in the browser before <see cref="ExpiresAt"/>.</summary>
public sealed record SignInLinkResponse(string Url, DateTimeOffset ExpiresAt);
