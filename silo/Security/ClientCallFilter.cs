using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Options;
using Mle.Audit;
using Mle.Errors;
using Mle.Security;
using Mle.Silo.Audit;
using Mle.Silo.Limits;

namespace Mle.Silo.Security;

/// <summary>
/// The one place where calls of clients outside the cluster (the SDK through a gateway) are authenticated,
/// authorized, limited and audited: the API key comes in the request context (<see cref="CallerContext.ApiKey"/>), the
/// permission from the <see cref="RequiresAttribute"/> on the grain interface method, and the name the call touches
/// must be in the caller's tenant (another tenant's name is "not found", as on REST). The key's request limits are the
/// ones its REST requests count against (<see cref="KeyRequestLimits"/>), and a method marked
/// <see cref="AuditedAttribute"/> is recorded by the same <see cref="AuditTrail"/> as an audited route. A call from
/// inside the cluster (grains, and the silos' own hosted clients: the REST gateway authorizes, limits and audits its
/// routes itself) is told by its <see cref="ClusterCallStamp"/> alone, never by its source id, which a client writes
/// itself. Ours without the attribute are internal and refused to clients, as are the Orleans interfaces through which
/// a client could act as the cluster (<see cref="ClusterCallStamp.Guards"/>); Orleans' other interfaces pass.
/// </summary>
internal sealed class ClientCallFilter(
    ApiKeyValidator validator, ClusterCallStamp stamp, IOptions<SecurityOptions> security, KeyRequestLimits limits, AuditTrail audit)
    : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<MethodInfo, (RequiresAttribute? Requires, AuditedAttribute? Audited)> _attributes = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        // Checked once, and gone before the grain runs: nothing it calls, publishes or answers carries the stamp on.
        var presented = RequestContext.Get(ClusterCallStamp.RequestContextKey);
        if (presented is not null)
        {
            RequestContext.Remove(ClusterCallStamp.RequestContextKey);
        }
        // A call to this silo's hosted client (a stream delivery to its subscription) is not stamped: stamps never go
        // to clients, since an external client's id can look like a hosted one. Reaching one needs its random
        // subscription id, and it acts on nothing but that subscription.
        if (!security.Value.Enabled || GrainTypePrefix.IsClient(context.TargetId) || stamp.Matches(presented)
            || !stamp.Guards(context.Request.GetInterfaceType()))
        {
            await context.Invoke();
            return;
        }

        var client = RequestContext.Get(CallerContext.Client) as string;
        RequestContext.Remove(CallerContext.Client);
        var caller = await Authenticate();
        if (context.InterfaceMethod.DeclaringType?.Namespace?.StartsWith("Mle.", StringComparison.Ordinal) != true)
        {
            throw MleErrors.Forbidden(Roles.Name(caller.Role), $"calling {context.InterfaceName}.{context.MethodName} from a client (it is internal to the cluster)");
        }
        var (requirement, audited) = _attributes.GetOrAdd(context.InterfaceMethod,
            method => (method.GetCustomAttribute<RequiresAttribute>(), method.GetCustomAttribute<AuditedAttribute>()));
        if (requirement is null)
        {
            throw MleErrors.Forbidden(Roles.Name(caller.Role), $"calling {context.InterfaceMethod.Name} from a client (it is internal to the cluster)");
        }
        var name = requirement.NameArgument >= 0 ? context.Request.GetArgument(requirement.NameArgument) as string : context.TargetId.Key.ToString();
        var entry = audited is null ? null : audit.Draft(caller, "api_key", audited.Action,
            AuditResource.OfCall(audited.Resource, name, context.Request.GetArgument), AuditEntry.Sdk, null, $"{client ?? "unknown client"} [{context.SourceId}]");
        if (!caller.Can(requirement.Permission))
        {
            var forbidden = MleErrors.Forbidden(Roles.Name(caller.Role), $"{context.InterfaceMethod.Name} ({requirement.Permission})");
            await Refused(entry, forbidden);
            throw forbidden;
        }
        var tenant = name?.Split('/')[0];
        if (tenant != caller.Tenant)
        {
            // Exactly what a missing model (or feature set) of the caller's own tenant answers: nothing tells the name exists.
            var local = name?[(name.IndexOf('/', StringComparison.Ordinal) + 1)..].Split('/')[0] ?? "";
            var notFound = context.InterfaceMethod.DeclaringType?.Namespace == "Mle.Features" ? (MleException)MleErrors.FeatureSetNotFound(local) : MleErrors.ModelNotFound(local);
            await Refused(entry, notFound);
            throw notFound;
        }

        var admission = limits.Enter(caller);
        using var lease = admission.Lease ?? throw admission.Refusal!;
        if (entry is null)
        {
            await context.Invoke();
            return;
        }
        var attempt = await audit.Begin(entry);
        try
        {
            await context.Invoke();
        }
        catch (Exception failure)
        {
            await audit.Complete(attempt, AuditCompletions.Of(failure, abandoned: false));
            throw;
        }
        await audit.Complete(attempt, AuditCompletions.Of(StatusCodes.Status200OK, null));
    }

    private async Task Refused(AuditEntry? entry, MleException refusal)
    {
        if (entry is not null)
        {
            await audit.Refused(entry, new AuditCompletion(AuditOutcome.Refused, Api.Errors.ErrorStatus.For(refusal.Code), refusal.Code));
        }
    }

    private async ValueTask<Caller> Authenticate()
    {
        var presented = RequestContext.Get(CallerContext.ApiKey) as string;
        // Checked once: the secret does not travel on with the calls this one makes.
        RequestContext.Remove(CallerContext.ApiKey);
        if (presented is null)
        {
            throw MleErrors.Unauthenticated("The client sent no API key: set MleClientOptions.ApiKey.");
        }
        if (!ApiKeyToken.TryParse(presented, out var token))
        {
            throw MleErrors.Unauthenticated("MleClientOptions.ApiKey is not an API key (mle_<id>_<secret>).");
        }
        return await validator.Validate(token, CancellationToken.None)
            ?? throw MleErrors.Unauthenticated("The API key is unknown or revoked.");
    }
}
