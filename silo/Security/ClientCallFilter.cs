using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Security;

namespace Mle.Silo.Security;

/// <summary>
/// The one place where calls of clients outside the cluster (the SDK through a gateway) are authenticated and
/// authorized: the API key comes in the request context (<see cref="CallerContext.ApiKey"/>), the permission from
/// the <see cref="RequiresAttribute"/> on the grain interface method, and the name the call touches must be in the
/// caller's tenant (another tenant's name is "not found", as on REST). Calls from grains and from the silos' own
/// hosted clients (the REST gateway, which authorizes its routes with the same <see cref="Roles"/> table) pass.
/// Orleans' own interfaces pass too; ours without the attribute are internal and refused to clients.
/// </summary>
internal sealed class ClientCallFilter(ApiKeyValidator validator, IOptions<SecurityOptions> security) : IIncomingGrainCallFilter
{
    // Each silo's hosted client (calls made outside any grain: the REST gateway, the co-hosted SDK) has this id prefix.
    private const string HostedClientPrefix = "hosted-";

    private readonly ConcurrentDictionary<MethodInfo, RequiresAttribute?> _requirements = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (!security.Value.Enabled || !FromOutsideTheCluster(context.SourceId)
            || context.InterfaceMethod.DeclaringType?.Namespace?.StartsWith("Mle.", StringComparison.Ordinal) != true)
        {
            await context.Invoke();
            return;
        }

        var requirement = _requirements.GetOrAdd(context.InterfaceMethod, method => method.GetCustomAttribute<RequiresAttribute>());
        var caller = await Authenticate();
        if (requirement is null)
        {
            throw MleErrors.Forbidden(Roles.Name(caller.Role), $"calling {context.InterfaceMethod.Name} from a client (it is internal to the cluster)");
        }
        if (!caller.Can(requirement.Permission))
        {
            throw MleErrors.Forbidden(Roles.Name(caller.Role), $"{context.InterfaceMethod.Name} ({requirement.Permission})");
        }
        var name = requirement.NameArgument >= 0 ? context.Request.GetArgument(requirement.NameArgument) as string : context.TargetId.Key.ToString();
        var tenant = name?.Split('/')[0];
        if (tenant != caller.Tenant)
        {
            // Exactly what a missing model (or feature set) of the caller's own tenant answers: nothing tells the name exists.
            var local = name?[(name.IndexOf('/', StringComparison.Ordinal) + 1)..].Split('/')[0] ?? "";
            throw context.InterfaceMethod.DeclaringType?.Namespace == "Mle.Features" ? MleErrors.FeatureSetNotFound(local) : MleErrors.ModelNotFound(local);
        }
        await context.Invoke();
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

    private static bool FromOutsideTheCluster(GrainId? source) =>
        source is { } id && GrainTypePrefix.IsClient(id) && !(id.Key.ToString() ?? "").StartsWith(HostedClientPrefix, StringComparison.Ordinal);
}
