using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mle.Endpoints;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;
using Mle.Schema;
using Mle.Security;
using Mle.Silo.Api.Json;
using Mle.Silo.Security;

namespace Mle.Silo.Api.OpenInference;

/// <summary>
/// The Open Inference Protocol (KServe V2) REST surface. <c>{version}</c> may be a number or an alias;
/// without one, a model is served by its <c>champion</c> alias, or else its latest version.
/// </summary>
public static class OpenInferenceApi
{
    /// <summary>Health checks with this tag decide <c>/v2/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol");

        // Model metadata, readiness and inference are what a scorer needs; every role has that permission.
        var models = v2.MapGroup("").RequirePermission(Permission.Score);
        v2.MapGet("/", ServerMetadata).WithName("OipServerMetadata").WithSummary("Server metadata.");
        v2.MapGet("/health/live", () => TypedResults.Ok(new ServerLiveResponse(true))).WithName("OipLive").WithSummary("Server liveness.").AllowAnonymous();
        v2.MapGet("/health/ready", ServerReady).WithName("OipReady").WithSummary("Server readiness: 200 once the silo is active.").AllowAnonymous()
            .Produces<ServerReadyResponse>().Produces<ServerReadyResponse>(StatusCodes.Status503ServiceUnavailable);

        models.MapGet("/models/{name}", (string name, [AsParameters] ApiServices api) => ModelMetadata(name, null, api))
            .WithName("OipModelMetadata").WithSummary("Model metadata (champion, else latest version).").ProducesInferenceErrors();
        models.MapGet("/models/{name}/versions/{version}", (string name, string version, [AsParameters] ApiServices api) => ModelMetadata(name, version, api))
            .WithName("OipModelVersionMetadata").WithSummary("Model version metadata.").ProducesInferenceErrors();
        models.MapGet("/models/{name}/ready", (string name, [AsParameters] ApiServices api) => ModelReady(name, null, api))
            .WithName("OipModelReady").WithSummary("Model readiness: 200 when servable.").ProducesInferenceErrors();
        models.MapGet("/models/{name}/versions/{version}/ready", (string name, string version, [AsParameters] ApiServices api) => ModelReady(name, version, api))
            .WithName("OipModelVersionReady").WithSummary("Model version readiness: 200 when servable.").ProducesInferenceErrors();
        var services = SingletonApiServices.Of(app);
        models.MapPost("/models/{name}/infer", (string name, HttpContext http) => Infer(name, null, services.For(http)))
            .WithName("OipInfer").WithSummary("Inference with the champion (else latest) version.").DescribesInference();
        models.MapPost("/models/{name}/versions/{version}/infer", (string name, string version, HttpContext http) => Infer(name, version, services.For(http)))
            .WithName("OipVersionInfer").WithSummary("Inference with a version (a number or an alias).").DescribesInference();
        return app;
    }

    public static Ok<ServerMetadataResponse> ServerMetadata() =>
        TypedResults.Ok(new ServerMetadataResponse("orleans-mle", ServerVersion, Extensions));

    public static async Task<IResult> ServerReady(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        var ready = new ServerReadyResponse(report.Status == HealthStatus.Healthy);
        return ready.Ready ? TypedResults.Ok(ready) : TypedResults.Json(ready, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Ok<ModelMetadataResponse>> ModelMetadata(string name, string? version, ApiServices api)
    {
        var model = api.Model(name);
        if (version is null && await AsEndpoint(api, model) is { } endpoint)
        {
            return TypedResults.Ok(new ModelMetadataResponse(endpoint.Name, [endpoint.Version.ToString(CultureInfo.InvariantCulture)], "endpoint",
                endpoint.Inputs.Where(i => !i.Optional).Select(i => Tensor(i.Column)).ToArray(), endpoint.Outputs.Select(Tensor).ToArray()));
        }
        var info = await Resolve(api, model, version);
        // The catalog's snapshot lists every version's status without reading each version.
        var snapshot = await api.Serving.Snapshot(model, api.Aborted);
        var schema = info.Schema!;
        return TypedResults.Ok(new ModelMetadataResponse(
            model.Model,
            snapshot.Versions.Where(v => v.Value == VersionStatus.Ready && !snapshot.Archived.Contains(v.Key))
                .Select(v => v.Key).Order().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
            info.Flavor == ModelFlavor.Onnx ? "onnxruntime_onnx" : "mlnet",
            schema.Inputs.Select(Tensor).ToArray(),
            schema.Outputs.Select(Tensor).ToArray()));
    }

    private static async Task<Ok<ModelReadyResponse>> ModelReady(string name, string? version, ApiServices api)
    {
        var model = api.Model(name);
        if (version is null && await AsEndpoint(api, model) is not null)
        {
            return TypedResults.Ok(new ModelReadyResponse(model.Model, true));
        }
        await Resolve(api, model, version);
        return TypedResults.Ok(new ModelReadyResponse(model.Model, true));
    }

    private static async Task Infer(string name, string? version, ApiServices api)
    {
        var model = api.Model(name);
        if (version is null && await AsEndpoint(api, model) is { } endpoint)
        {
            await InferEndpoint(endpoint, api);
            return;
        }
        var info = await Resolve(api, model, version);
        var limits = api.Limits.Value;
        var headerLength = InferenceHeader.Length(api.Http.Request.Headers, api.Http.Request.ContentLength, limits.MaxRequestBytes);
        var request = await RequestBody.Parse(api.Http.Request, limits.MaxRequestBytes, (Header: headerLength, Schema: info.Schema!, Rows: limits.MaxBatchRows),
            static (body, read) => InferRequestReader.Read(body, read.Header, read.Schema, read.Rows), api.Aborted);
        var predictions = await api.Serving.Score(info, request.Inputs, api.Aborted);
        await InferResponseWriter.Write(api.Http.Response, model.Model, info.Version, request.Id,
            predictions, info.Schema!, request, api.Aborted);
    }

    /// <summary>
    /// The endpoint of that name when no model has it (a name is one or the other): served by its graph, its inputs
    /// as the tensors (the entity key included), its answer the outputs every path produces.
    /// </summary>
    private static async ValueTask<CompiledEndpoint?> AsEndpoint(ApiServices api, ModelRef model)
    {
        try
        {
            await api.Serving.Snapshot(model, api.Aborted);
            return null;
        }
        catch (ModelNotFoundException)
        {
            var catalog = api.Http.RequestServices.GetRequiredService<EndpointCatalog>();
            try
            {
                return await catalog.Find(model.Tenant, model.Model, api.Aborted);
            }
            catch (EndpointNotFoundException)
            {
                throw MleErrors.ModelNotFound(model.Model);
            }
        }
    }

    private static async Task InferEndpoint(CompiledEndpoint endpoint, ApiServices api)
    {
        var limits = api.Limits.Value;
        var headerLength = InferenceHeader.Length(api.Http.Request.Headers, api.Http.Request.ContentLength, limits.MaxRequestBytes);
        // The protocol has no per-row optional value: the tensors are the required inputs, and the entity keys are
        // left out (rows are assigned at random, enrichment takes its missing policy).
        var schema = new ModelSchema([.. endpoint.Inputs.Where(i => !i.Optional).Select(i => i.Column)], [.. endpoint.Outputs]);
        var request = await RequestBody.Parse(api.Http.Request, limits.MaxRequestBytes, (Header: headerLength, Schema: schema, Rows: limits.MaxBatchRows),
            static (body, read) => InferRequestReader.Read(body, read.Header, read.Schema, read.Rows), api.Aborted);
        var serving = api.Http.RequestServices.GetRequiredService<EndpointServing>();
        var score = await serving.Score(endpoint, request.Inputs, api.Aborted);
        await InferResponseWriter.Write(api.Http.Response, endpoint.Name, (int)endpoint.Version, request.Id,
            score.Merged(), schema, request, api.Aborted);
    }

    /// <summary>A named version or alias; without one, the model's default (champion, else newest servable).</summary>
    private static ValueTask<ModelVersionInfo> Resolve(ApiServices api, ModelRef model, string? version) =>
        api.Serving.Resolve(model, version is null ? VersionSelector.Default : VersionSelector.Parse(version), api.Aborted);

    /// <summary>The protocol extensions this server implements, listed in its metadata.</summary>
    private static readonly string[] Extensions = ["binary_tensor_data"];

    /// <summary>A route that names a model can answer 400 (a malformed name) and 404 (no such model or version).</summary>
    private static RouteHandlerBuilder ProducesInferenceErrors(this RouteHandlerBuilder route) => route
        .Produces<InferenceErrorDocument>(StatusCodes.Status400BadRequest)
        .Produces<InferenceErrorDocument>(StatusCodes.Status404NotFound);

    /// <summary>The body is read and written by hand (and may be binary): describe it for the OpenAPI document.</summary>
    private static RouteHandlerBuilder DescribesInference(this RouteHandlerBuilder route) => route
        .Accepts<InferRequestDocument>("application/json", "application/octet-stream")
        .Produces<InferResponseDocument>(StatusCodes.Status200OK, "application/json", "application/octet-stream")
        .ProducesInferenceErrors();

    private static TensorMetadata Tensor(ColumnSchema column) =>
        new(column.Name, TensorDatatypes.Of(column.Kind), [-1, .. column.Shape]);

    private static string ServerVersion { get; } =
        typeof(OpenInferenceApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";
}

/// <summary>The Open Inference Protocol's model readiness response.</summary>
public sealed record ModelReadyResponse(string Name, bool Ready);
