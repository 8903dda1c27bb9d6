using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Mle.Security;

namespace Mle.Client;

/// <summary>Puts <see cref="MleClientOptions.ApiKey"/> into the request context of every call the client makes.</summary>
internal sealed class ApiKeyFilter(IOptions<MleClientOptions> options) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (options.Value.ApiKey is { Length: > 0 } key)
        {
            RequestContext.Set(CallerContext.ApiKey, key);
        }
        return context.Invoke();
    }
}
