using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Mle.Security;

namespace Mle.Client;

/// <summary>Puts <see cref="MleClientOptions.ApiKey"/> (and the SDK's name) into the request context of every call the client makes.</summary>
internal sealed class ApiKeyFilter(IOptions<MleClientOptions> options) : IOutgoingGrainCallFilter
{
    /// <summary>The SDK as the audit log names the client of a change: <c>Orleans.Mle.Client/1.0.0 (host)</c>.</summary>
    private static readonly string Client =
        $"Orleans.Mle.Client/{typeof(ApiKeyFilter).Assembly.GetName().Version?.ToString(3) ?? "0"} ({Environment.MachineName})";

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (options.Value.ApiKey is { Length: > 0 } key)
        {
            RequestContext.Set(CallerContext.ApiKey, key);
            RequestContext.Set(CallerContext.Client, Client);
        }
        return context.Invoke();
    }
}
