using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.Options;

namespace Mle.Silo.Security;

/// <summary>
/// The gateway's authentication middleware, in place of <c>UseAuthentication()</c>. A request that presents an API key
/// this silo validated within its TTL (or any request while security is off) gets the principal
/// <see cref="ApiKeyAuthenticationHandler"/> would give it, straight from <see cref="ApiKeyValidator"/>'s cache; every
/// other request (no credentials, a JWT, a key not cached yet, a wrong key) goes through ASP.NET Core's own
/// authentication middleware unchanged. Why: the framework's path resolves a handler per request through a scoped
/// service provider and allocates a feature, a ticket, tasks and dictionaries on each of its layers; measured on a
/// single-row score, that was about a third of the gateway's allocations. The shortcut applies only while it cannot
/// differ from the framework's answer: no scheme handles requests itself (remote sign-in) and no claims transformation
/// is registered; otherwise every request takes the framework's path.
/// </summary>
internal sealed class GatewayAuthentication
{
    private readonly RequestDelegate _next;
    private readonly AuthenticationMiddleware _framework;
    private readonly ApiKeyValidator _validator;
    private readonly IOptions<SecurityOptions> _security;
    private readonly IAuthenticationSchemeProvider _schemes;
    private readonly bool _noTransformation;
    // The scheme set is fixed once the host runs; asked on the first request (the provider is asynchronous).
    private bool? _shortcutAllowed;

    public GatewayAuthentication(RequestDelegate next, IAuthenticationSchemeProvider schemes, ApiKeyValidator validator,
        IOptions<SecurityOptions> security, IClaimsTransformation transformation)
    {
        _next = next;
        _framework = new AuthenticationMiddleware(next, schemes);
        _schemes = schemes;
        _validator = validator;
        _security = security;
        _noTransformation = transformation is NoopClaimsTransformation;
    }

    // Not async once the scheme set is known: the state machine was a measurable part of a single-row score.
    public Task InvokeAsync(HttpContext context) =>
        _shortcutAllowed is { } allowed ? Authenticate(context, allowed) : FirstRequest(context);

    private async Task FirstRequest(HttpContext context)
    {
        _shortcutAllowed = _noTransformation && !(await _schemes.GetRequestHandlerSchemesAsync()).Any();
        await Authenticate(context, _shortcutAllowed.Value);
    }

    private Task Authenticate(HttpContext context, bool shortcutAllowed)
    {
        if (shortcutAllowed && Validated(context) is { } principal)
        {
            // One object for the three features the framework's middleware sets (it allocates one for each).
            var established = new EstablishedCaller(principal, context.Request.Path, context.Request.PathBase);
            context.Features.Set<IAuthenticationFeature>(established);
            context.Features.Set<IHttpAuthenticationFeature>(established);
            context.Features.Set<IAuthenticateResultFeature>(established);
            context.User = principal;
            return _next(context);
        }
        return _framework.Invoke(context);
    }

    private ClaimsPrincipal? Validated(HttpContext context)
    {
        if (!_security.Value.Enabled)
        {
            return ApiKeyAuthenticationHandler.Anonymous;
        }
        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value
            || !value.StartsWith(ApiKeyAuthenticationHandler.BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return _validator.TryGetValidated(PresentedKey(context, value), out var principal) ? principal : null;
    }

    /// <summary>
    /// The key in an <c>Authorization</c> header: the text after the scheme, cut out once per connection rather than on
    /// every request (about a ninth of a single-row score's allocations). Kestrel hands a connection's requests the same
    /// header string while its bytes do not change, so the cut is remembered beside the header in the connection's
    /// state and used while the header is the same text. Only the cutting is remembered: the key is still looked up in
    /// the validator's cache on every request, so expiry and revocation apply as before.
    /// </summary>
    private static string PresentedKey(HttpContext context, string header)
    {
        var state = context.Features.Get<IPersistentStateFeature>()?.State;
        if (state is not null && state.TryGetValue(PresentedKeyState, out var remembered)
            && remembered is PresentedHeader known && (ReferenceEquals(known.Header, header) || known.Header == header))
        {
            return known.Key;
        }
        var key = header[ApiKeyAuthenticationHandler.BearerPrefix.Length..].Trim();
        if (state is not null)
        {
            state[PresentedKeyState] = new PresentedHeader(header, key);
        }
        return key;
    }

    private static readonly object PresentedKeyState = new();

    /// <summary>A connection's last <c>Authorization</c> header and the key cut out of it.</summary>
    private sealed record PresentedHeader(string Header, string Key);

    /// <summary>
    /// What the framework's middleware records after a successful authentication (the request's original path, the
    /// result and the user), with the ticket made only if asked for.
    /// </summary>
    private sealed class EstablishedCaller(ClaimsPrincipal principal, PathString originalPath, PathString originalPathBase)
        : IAuthenticateResultFeature, IHttpAuthenticationFeature, IAuthenticationFeature
    {
        public PathString OriginalPath { get; set; } = originalPath;

        public PathString OriginalPathBase { get; set; } = originalPathBase;

        private AuthenticateResult? _result;
        private ClaimsPrincipal? _user = principal;
        private bool _resultMade;

        public AuthenticateResult? AuthenticateResult
        {
            get
            {
                if (!_resultMade)
                {
                    _result = _user is null ? null : AuthenticateResult.Success(new AuthenticationTicket(_user, ApiKeyAuthenticationHandler.SchemeName));
                    _resultMade = true;
                }
                return _result;
            }
            set
            {
                _result = value;
                _resultMade = true;
                _user = value?.Principal;
            }
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
                _resultMade = true;
            }
        }
    }
}
