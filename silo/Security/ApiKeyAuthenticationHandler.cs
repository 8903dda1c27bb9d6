using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Naming;
using Mle.Security;
using Mle.Silo.Api.Errors;

namespace Mle.Silo.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer mle_&lt;id&gt;_&lt;secret&gt;</c>, and writes every 401 and 403 of the
/// gateway (a JWT's too) in the route's error shape: problem-details with a code under <c>/api/v1</c>,
/// <c>{"error"}</c> under <c>/v2</c>. With <c>Mle:Security:Enabled=false</c> every request is an admin of the
/// default tenant.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyValidator validator,
    IOptions<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string BearerPrefix = "Bearer ";

    // Built once: with security off every request is this caller, and the principal is never changed after it is built.
    internal static readonly ClaimsPrincipal Anonymous =
        CallerClaims.Principal(new Caller(Names.DefaultTenant, Role.Admin, "anonymous"), SchemeName);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!security.Value.Enabled)
        {
            return Success(Anonymous);
        }
        var header = Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }
        var value = header.ToString();
        if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Only bearer credentials are accepted: Authorization: Bearer <api key or JWT>.");
        }
        var presented = value[BearerPrefix.Length..].Trim();
        // A key validated within the TTL is found by the presented text itself: no parsing, hashing or claims.
        if (validator.TryGetValidated(presented, out var known))
        {
            return Success(known);
        }
        if (!ApiKeyToken.TryParse(presented, out var token))
        {
            return AuthenticateResult.Fail("The bearer credential is not an API key (mle_<id>_<secret>) nor a token this server accepts.");
        }
        var principal = await validator.ValidatePrincipal(token, Context.RequestAborted);
        return principal is null ? AuthenticateResult.Fail("The API key is unknown or revoked.") : Success(principal);
    }

    private static AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Features.Get<Microsoft.AspNetCore.Authentication.IAuthenticateResultFeature>()?.AuthenticateResult?.Failure?.Message;
        Response.Headers.WWWAuthenticate = "Bearer";
        await ErrorResponse.Write(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated,
            failure ?? "This route needs credentials: Authorization: Bearer <api key or JWT>.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var caller = CallerClaims.Of(Context.User);
        await ErrorResponse.Write(Context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
            caller is null ? "The caller may not do this." : $"The role '{Roles.Name(caller.Role)}' does not allow this operation.");
    }
}
