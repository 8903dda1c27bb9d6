namespace Mle.Bench.FeaturePeer;

/// <summary>
/// The API-key check a team would hand-write, as in the scoring peer: the bearer token looked up in a set of the keys
/// it issued (<c>--Keys:0=...</c>), 401 otherwise.
/// </summary>
public sealed class ApiKeys(IReadOnlySet<string> keys)
{
    private const string BearerPrefix = "Bearer ";

    public static ApiKeys From(IConfiguration configuration) =>
        new(configuration.GetSection("Keys").GetChildren().Select(key => key.Value).OfType<string>().Where(key => key.Length > 0).ToHashSet(StringComparer.Ordinal));

    /// <summary>The endpoint filter of the lookup route.</summary>
    public ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && keys.Contains(header[BearerPrefix.Length..].Trim())
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Unauthorized());
    }
}
