using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Mle.Artifacts;
using Mle.Audit;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;
using Mle.Security;
using Mle.Silo.Audit;
using Mle.Silo.Security;

namespace Mle.Silo.Api.Models;

/// <summary>The model registry over REST: models, versions, aliases, archiving.</summary>
public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/models").WithTags("Models");

        api.MapPost("/", CreateModel).WithName("CreateModel").RequirePermission(Permission.Register).Audited(AuditActions.ModelCreate)
            .WithSummary("Register a model name.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/", ListModels).WithName("ListModels").RequirePermission(Permission.Read).WithSummary("List and search models, one page at a time.");
        api.MapGet("/{name}", GetModel).WithName("GetModel").RequirePermission(Permission.Read).WithSummary("Get a model with its aliases.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{name}/versions", UploadVersion).WithName("UploadVersion").RequirePermission(Permission.Register).Audited(AuditActions.VersionRegister)
            .WithSummary("Upload an artifact (multipart part 'artifact') as the model's next version; its schema is read from the artifact.")
            // No Accepts<>() metadata on purpose: routing would answer a wrong content type with a bare 415,
            // while the upload reader answers it with problem-details and a code.
            .DisableAntiforgery().WithMetadata(new VersionUploadForm())
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/{name}/versions", ListVersions).WithName("ListVersions").RequirePermission(Permission.Read).WithSummary("List a model's versions, newest first.");
        api.MapGet("/{name}/versions/{version}", GetVersion).WithName("GetVersion").RequirePermission(Permission.Read)
            .WithSummary("Get a version by number or alias.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{name}/versions/{version}/artifact", DownloadArtifact).WithName("DownloadArtifact").RequirePermission(Permission.Read)
            .WithSummary("Download a version's artifact, as uploaded (its SHA-256 is the ETag).")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{name}/versions/{version}/archive", ArchiveVersion).WithName("ArchiveVersion").RequirePermission(Permission.Deploy)
            .Audited(AuditActions.VersionArchive, "models/{name}/versions/{version}")
            .WithSummary("Archive a version: it can no longer be served through an alias.").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/{name}/aliases/{alias}", SetAlias).WithName("SetAlias").RequirePermission(Permission.Deploy).Audited(AuditActions.AliasSet)
            .WithSummary("Point an alias (champion, challenger, ...) at a version.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{name}/aliases/{alias}", DeleteAlias).WithName("DeleteAlias").RequirePermission(Permission.Deploy).Audited(AuditActions.AliasDelete)
            .WithSummary("Delete an alias.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Created<ModelResponse>> CreateModel(CreateModelBody body, [AsParameters] ApiServices api)
    {
        var model = api.Model(body.Name);
        var rules = new MetadataRules(api.Limits.Value);
        var request = new CreateModel(rules.Description(body.Description), rules.Tags(body.Tags));
        var created = await Grain(api, model).Create(request).WaitAsync(api.Aborted);
        return TypedResults.Created($"/api/v1/models/{model.Model}", ModelResponse.From(created));
    }

    public static async Task<Ok<PageResponse<ModelResponse>>> ListModels(
        [AsParameters] ApiServices api, int? pageSize, string? continuationToken, string? q, string? tag)
    {
        var page = await api.Grains.GetGrain<IModelDirectoryGrain>(api.Tenant).List(PageQuery.Request(pageSize, continuationToken, q, tag)).WaitAsync(api.Aborted);
        return TypedResults.Ok(PageResponse.From(page, ModelResponse.From));
    }

    public static async Task<Ok<ModelResponse>> GetModel(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok(ModelResponse.From(await Grain(api, api.Model(name)).Get().WaitAsync(api.Aborted)));

    /// <summary>The header that makes an upload safe to retry: the same key returns the version the first attempt registered.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// The model is looked up before a byte of the body is read (404 first); the body gets this route's own
    /// size ceiling (the artifact limit, not <c>MaxRequestBytes</c>); the artifact is streamed to the store's
    /// temporary file and inspected outside the model grain, which only records the version. 201 means Ready.
    /// </summary>
    public static async Task<Created<ModelVersionResponse>> UploadVersion(
        string name, [AsParameters] ApiServices api, IArtifactStore artifacts, VersionRegistrar registrar, UploadSlots slots)
    {
        var model = api.Model(name);
        var limits = api.Limits.Value;
        var key = new MetadataRules(limits).IdempotencyKey(
            api.Http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var header) ? header.ToString() : null);
        await Grain(api, model).Get().WaitAsync(api.Aborted);

        using var slot = slots.Enter();
        if (api.Http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxArtifactBytes + VersionUploadReader.MultipartOverhead;
        }
        var (staged, metadata) = await VersionUploadReader.Read(api.Http.Request, artifacts, limits.MaxArtifactBytes, key, api.Aborted);
        await using (staged)
        {
            metadata = await registrar.Admit(model, metadata);
            var version = await registrar.Register(model, staged, metadata, api.Aborted);
            return TypedResults.Created(VersionPath(model, version.Version), ModelVersionResponse.From(version));
        }
    }

    private static string VersionPath(ModelRef model, int version) =>
        $"/api/v1/models/{Uri.EscapeDataString(model.Model)}/versions/{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static async Task<Ok<PageResponse<ModelVersionResponse>>> ListVersions(
        string name, [AsParameters] ApiServices api, int? pageSize, string? continuationToken, string? q, string? tag)
    {
        var page = await Grain(api, api.Model(name)).ListVersions(PageQuery.Request(pageSize, continuationToken, q, tag)).WaitAsync(api.Aborted);
        return TypedResults.Ok(PageResponse.From(page, ModelVersionResponse.From));
    }

    public static async Task<Ok<ModelVersionResponse>> GetVersion(string name, string version, [AsParameters] ApiServices api)
    {
        var selector = VersionSelector.Parse(version);
        var info = await Grain(api, api.Model(name)).GetVersion(selector.ToString()).WaitAsync(api.Aborted);
        return TypedResults.Ok(ModelVersionResponse.From(info));
    }

    public static async Task<FileStreamHttpResult> DownloadArtifact(string name, string version, IArtifactStore artifacts, [AsParameters] ApiServices api)
    {
        var info = await Grain(api, api.Model(name)).GetVersion(VersionSelector.Parse(version).ToString()).WaitAsync(api.Aborted);
        if (info.Artifact is not { } artifact)
        {
            throw MleErrors.VersionNotReady(info.Model, info.Version, info.Status.ToString());
        }
        var extension = info.Flavor == ModelFlavor.Onnx ? "onnx" : "zip";
        return TypedResults.Stream(await artifacts.Open(artifact, api.Aborted), "application/octet-stream",
            $"{info.Model}-v{info.Version}.{extension}", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{artifact.Sha256}\""));
    }

    public static async Task<Ok<ModelVersionResponse>> ArchiveVersion(string name, string version, [AsParameters] ApiServices api)
    {
        var model = api.Model(name);
        // The one version parser of every route: "+1" or " 1" is no version number here either.
        var number = VersionSelector.Parse(version).Number
            ?? throw MleErrors.InvalidRequest($"Archive takes a version number, not the alias '{version}'.", "version");
        var archived = await Grain(api, model).ArchiveVersion(number).WaitAsync(api.Aborted);
        await api.Serving.Refresh(model, api.Aborted);
        return TypedResults.Ok(ModelVersionResponse.From(archived));
    }

    public static async Task<Ok<ModelResponse>> SetAlias(string name, string alias, SetAliasBody body, [AsParameters] ApiServices api)
    {
        var model = api.Model(name);
        var version = body.Version switch
        {
            null => throw MleErrors.InvalidRequest("The body must name the version the alias points to: {\"version\": 3}.", "version"),
            < 1 => throw MleErrors.InvalidRequest($"Version '{body.Version}' must be 1 or greater.", "version"),
            { } number => number,
        };
        var updated = await Grain(api, model).SetAlias(Names.RequireAlias(alias), version).WaitAsync(api.Aborted);
        await api.Serving.Refresh(model, api.Aborted);
        return TypedResults.Ok(ModelResponse.From(updated));
    }

    public static async Task<Ok<ModelResponse>> DeleteAlias(string name, string alias, [AsParameters] ApiServices api)
    {
        var model = api.Model(name);
        var updated = await Grain(api, model).DeleteAlias(Names.RequireAlias(alias)).WaitAsync(api.Aborted);
        await api.Serving.Refresh(model, api.Aborted);
        return TypedResults.Ok(ModelResponse.From(updated));
    }

    private static IModelGrain Grain(ApiServices api, ModelRef model) => api.Grains.GetGrain<IModelGrain>(model.Key);
}
