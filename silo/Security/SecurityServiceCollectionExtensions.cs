using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mle.Security;
using Mle.Silo.Audit;
using Mle.Silo.Hosting;
using Mle.Silo.Limits;

namespace Mle.Silo.Security;

/// <summary>Authentication (API keys, JWT bearer tokens) and authorization (roles) of the gateway.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>The scheme every request is authenticated with: it picks the API key or the JWT handler by the credential's shape.</summary>
    public const string Scheme = "Mle";

    /// <summary>The dashboard's scheme: the session cookie, or bearer credentials when the request has them.</summary>
    public const string DashboardScheme = "MleDashboard";

    public static IServiceCollection AddMleSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMleClusterCallAuthorization(configuration);
        var settings = configuration.Read<SecurityOptions>(SecurityOptions.Section);
        services.AddHostedService<BootstrapAdminKey>();

        var authentication = services.AddAuthentication(options =>
            {
                // Without JWT there is nothing for the policy scheme to choose, and forwarding through it authenticates
                // twice over (a second handler, claims transformation and metrics per request).
                options.DefaultScheme = settings.Enabled && settings.Jwt.Enabled ? Scheme : ApiKeyAuthenticationHandler.SchemeName;
                options.DefaultChallengeScheme = ApiKeyAuthenticationHandler.SchemeName;
                options.DefaultForbidScheme = ApiKeyAuthenticationHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(Scheme, "API key or JWT", options => options.ForwardDefaultSelector = context =>
                settings.Enabled && settings.Jwt.Enabled && IsJwt(context.Request.Headers.Authorization.ToString())
                    ? JwtCallers.Scheme
                    : ApiKeyAuthenticationHandler.SchemeName);
        authentication.AddCookie(DashboardSignIn.SessionScheme, cookie =>
            {
                cookie.Cookie.Name = "mle_session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the request came over HTTPS; a plain-HTTP laptop setup still works.
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = settings.DashboardSessionLifetime;
                cookie.SlidingExpiration = false;
                cookie.LoginPath = DashboardSignIn.Path;
                cookie.AccessDeniedPath = DashboardSignIn.Path;
            })
            // The dashboard takes a session cookie from a browser, or bearer credentials from a program.
            .AddPolicyScheme(DashboardScheme, "Session cookie or bearer", options => options.ForwardDefaultSelector = context =>
                !settings.Enabled || context.Request.Headers.Authorization.Count > 0 ? Scheme : DashboardSignIn.SessionScheme);
        services.AddMemoryCache();
        if (settings.Jwt.Enabled)
        {
            authentication.AddJwtBearer(JwtCallers.Scheme, bearer => JwtCallers.Configure(bearer, settings.Jwt));
        }

        services.AddAuthorization(options =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                options.AddPolicy(PermissionRequirement.Policy(permission), policy => policy
                    .RequireAuthenticatedUser()
                    .AddRequirements(new PermissionRequirement(permission)));
            }
        });
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<SecurityOptions>>((options, security) =>
        {
            options.AddPolicy(InstallationAdmin.Policy, policy => policy.AddRequirements(new InstallationAdmin(false, security)));
            options.AddPolicy(InstallationAdmin.DashboardPolicy, policy => policy
                .AddAuthenticationSchemes(DashboardScheme).AddRequirements(new InstallationAdmin(false, security)));
            options.AddPolicy(InstallationAdmin.MetricsPolicy, policy => policy.AddRequirements(new InstallationAdmin(true, security)));
        });
        return services;
    }

    /// <summary>
    /// The authorization of grain calls: clients' calls checked by <see cref="ClientCallFilter"/>, the silo's own
    /// stamped by <see cref="ClusterCallStamping"/>. Part of <see cref="AddMleSecurity"/>; a silo without the gateway
    /// (an in-process test cluster) registers it alone, with the same <c>Mle:Security:ClusterSecret</c> on every silo.
    /// </summary>
    public static IServiceCollection AddMleClusterCallAuthorization(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SecurityOptions, SecurityOptionsValidator>(configuration, SecurityOptions.Section);
        services.TryAddSingleton<ApiKeyValidator>();
        services.TryAddSingleton<ClusterCallStamp>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutgoingGrainCallFilter, ClusterCallStamping>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, ClientCallFilter>());
        services.AddMleKeyLimits();
        services.AddMleAudit(configuration);
        return services;
    }

    /// <summary>A bearer credential that is not an API key is taken for a JWT.</summary>
    private static bool IsJwt(string authorization) =>
        authorization.StartsWith(ApiKeyAuthenticationHandler.BearerPrefix, StringComparison.OrdinalIgnoreCase)
        && !authorization.AsSpan(ApiKeyAuthenticationHandler.BearerPrefix.Length).TrimStart().StartsWith(ApiKeyToken.Prefix, StringComparison.Ordinal);
}
