using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Naming;
using Mle.Security;
using Mle.Serving;
using Mle.Silo.Security;

namespace Mle.Silo.Api;

/// <summary>What every gateway handler needs, bound with <c>[AsParameters]</c>.</summary>
public sealed record ApiServices(
    IGrainFactory Grains,
    IModelServing Serving,
    IOptions<LimitsOptions> Limits,
    HttpContext Http)
{
    /// <summary>The authenticated caller (every gateway route requires one).</summary>
    public Caller Caller => CallerClaims.Of(Http.User) ?? throw MleErrors.Unauthenticated("This route needs credentials.");

    /// <summary>The caller's tenant: it comes from the credentials, never from the request, so a name is always the caller's own.</summary>
    public string Tenant => Caller.Tenant;

    public ModelRef Model(string name) => ModelRef.Create(Tenant, name);

    public CancellationToken Aborted => Http.RequestAborted;
}
