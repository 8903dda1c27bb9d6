namespace Mle.Bench.PeerService;

/// <summary>
/// The API-key check a team would hand-write: the bearer token looked up in a dictionary of the keys it issued
/// (from <c>--Keys:0=...</c>), each naming the caller's tenant and whether it may score. It is what the platform's
/// check costs when the key is cached, without the platform's generality (JWT, roles, claims), so the benchmark
/// compares like with like.
/// </summary>
public sealed class ApiKeys(IReadOnlyDictionary<string, string> tenantByKey)
{
    private const string BearerPrefix = "Bearer ";

    public static ApiKeys From(IConfiguration configuration) =>
        new(configuration.GetSection("Keys").GetChildren()
            .Where(key => !string.IsNullOrEmpty(key.Value))
            .ToDictionary(key => key.Value!, _ => "default", StringComparer.Ordinal));

    /// <summary>The endpoint filter of the secured routes: 401 without a known key.</summary>
    public ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            || !tenantByKey.TryGetValue(header[BearerPrefix.Length..].Trim(), out _))
        {
            return ValueTask.FromResult<object?>(Results.Unauthorized());
        }
        return next(context);
    }
}
