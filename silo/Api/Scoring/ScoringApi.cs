using Mle.Naming;
using Mle.Registry;
using Mle.Scoring;
using Mle.Security;
using Mle.Silo.Api.Json;
using Mle.Silo.Security;

namespace Mle.Silo.Api.Scoring;

/// <summary>
/// Scoring over REST. The hot path: the version is resolved by the serving seam in this silo's catalog (no call
/// to the model's grain), JSON becomes columns once, and the whole batch is one call to a local scoring worker.
/// </summary>
public static class ScoringApi
{
    public static IEndpointRouteBuilder MapScoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/models").WithTags("Scoring").RequirePermission(Permission.Score);
        var services = SingletonApiServices.Of(app);

        api.MapPost("/{name}/versions/{version}/score", (string name, string version, HttpContext http) => Score(name, version, services.For(http))).WithName("Score")
            .WithSummary("Score rows with a version (a number or an alias): {\"rows\": [{...}]} or {\"columns\": {...}}.")
            .Accepts<ScoreRequestDocument>("application/json")
            .Produces<ScoreResponseDocument>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/{qualifiedName}/score", (string qualifiedName, HttpContext http) => ScoreQualified(qualifiedName, services.For(http))).WithName("ScoreQualified")
            .WithSummary("Score rows with model@version or model@alias.")
            .Accepts<ScoreRequestDocument>("application/json")
            .Produces<ScoreResponseDocument>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static Task Score(string name, string version, ApiServices api) =>
        ScoreJson(api, api.Model(name), VersionSelector.Parse(version));

    public static Task ScoreQualified(string qualifiedName, ApiServices api)
    {
        var (model, version) = VersionSelector.ParseQualified(qualifiedName);
        return ScoreJson(api, api.Model(model), version);
    }

    private static async Task ScoreJson(ApiServices api, ModelRef model, VersionSelector selector)
    {
        var version = await api.Serving.Resolve(model, selector, api.Aborted);
        var limits = api.Limits.Value;
        var input = await RequestBody.Parse(api.Http.Request, limits.MaxRequestBytes, (Schema: version.Schema!, Rows: limits.MaxBatchRows),
            static (body, read) => ScoreRequestReader.Read(body, read.Schema, read.Rows), api.Aborted);
        var predictions = await api.Serving.Score(version, input, api.Aborted);
        await PredictionWriter.Write(api.Http.Response, model.Model, version.Version, predictions, api.Aborted);
    }
}
