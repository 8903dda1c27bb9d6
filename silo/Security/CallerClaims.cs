using System.Security.Claims;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>How a <see cref="Caller"/> travels on an authenticated request: as the claims of its principal.</summary>
public static class CallerClaims
{
    public const string Tenant = "mle:tenant";
    public const string Role = "mle:role";
    public const string Subject = "mle:subject";

    public static ClaimsPrincipal Principal(Caller caller, string scheme) => new CallerPrincipal(caller, new ClaimsIdentity(
        [new Claim(Tenant, caller.Tenant), new Claim(Role, Roles.Name(caller.Role)), new Claim(Subject, caller.Subject)], scheme));

    /// <summary>The caller of an authenticated request, or null when the request was not authenticated.</summary>
    public static Caller? Of(ClaimsPrincipal user) =>
        user is CallerPrincipal known ? known.Caller
        : user.FindFirst(Tenant)?.Value is { } tenant && Roles.TryParse(user.FindFirst(Role)?.Value, out var role)
            ? new Caller(tenant, role.Value, user.FindFirst(Subject)?.Value ?? "")
            : null;
}
