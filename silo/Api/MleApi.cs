namespace Orleans.Mle.Silo.Api;

public static class MleApi
{
    /// <summary>Maps the REST gateway: /api/v1 and the Open Inference Protocol under /v2.</summary>
    public static IEndpointRouteBuilder MapMleApi(this IEndpointRouteBuilder app)
    {
        // Filled in by the REST gateway work (issue 2).
        return app;
    }
}
