using Microsoft.AspNetCore.Authentication.JwtBearer;
using Mle.Naming;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>Turns a validated JWT into a <see cref="Caller"/>: its tenant and role claims (names configurable) must be valid.</summary>
internal static class JwtCallers
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public static void Configure(JwtBearerOptions bearer, JwtSecurityOptions jwt)
    {
        // Claim names stay as the issuer wrote them: the tenant and role claims are looked up by those names.
        bearer.MapInboundClaims = false;
        bearer.Audience = jwt.Audience;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            bearer.Authority = jwt.Authority;
        }
        if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            bearer.TokenValidationParameters.IssuerSigningKey = JwtSigning.Key(jwt.SigningKey);
            bearer.TokenValidationParameters.ValidIssuer = jwt.Issuer ?? jwt.Authority;
            bearer.TokenValidationParameters.ValidAudience = jwt.Audience;
            // No discovery: the key above is the only one.
            bearer.Configuration = new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration();
        }
        bearer.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                var tenant = principal.FindFirst(jwt.TenantClaim)?.Value;
                var role = principal.FindFirst(jwt.RoleClaim)?.Value;
                if (!Names.IsValid(tenant) || !Roles.TryParse(role, out var parsed))
                {
                    context.Fail($"The token must carry a valid tenant in '{jwt.TenantClaim}' and a role in '{jwt.RoleClaim}'.");
                    return Task.CompletedTask;
                }
                var subject = principal.FindFirst("sub")?.Value ?? "jwt";
                context.Principal = CallerClaims.Principal(new Caller(tenant!, parsed.Value, subject), Scheme);
                return Task.CompletedTask;
            },
            // The one 401 shape of the gateway is the API key handler's (forwarded to it below).
            OnChallenge = context => Task.CompletedTask,
        };
    }
}
