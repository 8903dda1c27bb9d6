using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Mle.Audit;
using Mle.Errors;
using Mle.Features;
using Mle.Pipelines;
using Mle.Security;
using Mle.Silo.Api.Features;
using Mle.Silo.Api.Models;
using Mle.Silo.Audit;
using Mle.Silo.Security;

namespace Mle.Silo.Api.Pipelines;

/// <summary>
/// Pipelines over REST: definitions and their versions, the lifecycle (deploy, pause, resume, stop, delete), pushing
/// events, and dead letters. A scientist defines pipelines and pushes events; an operator deploys and controls them
/// (and replays dead letters); reading is <see cref="Permission.Read"/>. Every change is audited, so lifecycle changes
/// reach the <c>notifications</c> stream. Names are the caller's tenant's.
/// </summary>
public static class PipelinesApi
{
    public static IEndpointRouteBuilder MapPipelinesApi(this IEndpointRouteBuilder app)
    {
        var pipelines = app.MapGroup("/api/v1/pipelines").WithTags("Pipelines");
        pipelines.MapPost("/", CreatePipeline).WithName("CreatePipeline").RequirePermission(Permission.DefinePipelines)
            .Audited(AuditActions.PipelineCreate)
            .WithSummary("Create a pipeline, or add a version to one: the definition is validated whole and every problem is answered at once (400 invalid_pipeline with problems[]).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        pipelines.MapGet("/", ListPipelines).WithName("ListPipelines").RequirePermission(Permission.Read)
            .WithSummary("List the tenant's pipelines, one page at a time.");
        pipelines.MapGet("/{name}", GetPipeline).WithName("GetPipeline").RequirePermission(Permission.Read)
            .WithSummary("A pipeline: version, state, counters (in, out, filtered, failed, deadLettered) per pipeline and per step, event-to-output latency.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        pipelines.MapGet("/{name}/versions", ListVersions).WithName("ListPipelineVersions").RequirePermission(Permission.Read)
            .WithSummary("Every version of a pipeline's definition, oldest first.").ProducesProblem(StatusCodes.Status404NotFound);
        pipelines.MapGet("/{name}/versions/{version:int}", GetVersion).WithName("GetPipelineVersion").RequirePermission(Permission.Read)
            .WithSummary("One version of a pipeline's definition, as it was posted.").ProducesProblem(StatusCodes.Status404NotFound);
        pipelines.MapPost("/{name}/deploy", Deploy).WithName("DeployPipeline").RequirePermission(Permission.ControlPipelines)
            .Audited(AuditActions.PipelineDeploy, "pipelines/{name}")
            .WithSummary("Run a version (?version=n, the latest by default): starts a draft or stopped pipeline; a running one switches over between batches, no event dropped or processed twice.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        pipelines.MapPost("/{name}/pause", Pause).WithName("PausePipeline").RequirePermission(Permission.ControlPipelines)
            .Audited(AuditActions.PipelinePause, "pipelines/{name}")
            .WithSummary("Stop consuming; events pushed meanwhile are kept (durably) and processed on resume. 409 with the current state unless running.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        pipelines.MapPost("/{name}/resume", Resume).WithName("ResumePipeline").RequirePermission(Permission.ControlPipelines)
            .Audited(AuditActions.PipelineResume, "pipelines/{name}")
            .WithSummary("Process the kept events in order, then consume again. 409 with the current state unless paused.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        pipelines.MapPost("/{name}/stop", Stop).WithName("StopPipeline").RequirePermission(Permission.ControlPipelines)
            .Audited(AuditActions.PipelineStop, "pipelines/{name}")
            .WithSummary("Stop the pipeline; events kept while paused go to its dead letters. 409 for a draft.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        pipelines.MapDelete("/{name}", Delete).WithName("DeletePipeline").RequirePermission(Permission.ControlPipelines)
            .Audited(AuditActions.PipelineDelete, "pipelines/{name}")
            .WithSummary("Delete a pipeline with its versions and dead letters. 409 while it runs or is paused: stop it first.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        pipelines.MapPost("/{name}/events", Push).WithName("PushPipelineEvents").RequirePermission(Permission.PushPipelineEvents)
            .WithSummary("Push events ({\"events\": [{\"id\", \"entity\", \"time\", \"values\"}]}); 202 once on the pipeline's input stream. 409 unless running or paused; 429 beyond Mle:Pipelines:MaxInFlightEvents.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests);
        pipelines.MapGet("/{name}/deadletters", ListDeadLetters).WithName("ListPipelineDeadLetters").RequirePermission(Permission.Read)
            .WithSummary("The events the pipeline could not process, oldest first: the step, the reason and the original event.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        pipelines.MapPost("/{name}/deadletters/replay", Replay).WithName("ReplayPipelineDeadLetters").RequirePermission(Permission.ControlPipelines)
            .Audited(AuditActions.PipelineReplay, "pipelines/{name}")
            .WithSummary("Put the oldest dead letters (?max=n, up to Mle:Limits:MaxEventsPerPush) back on the pipeline's input; they leave the dead letters.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static async Task<Created<PipelineResponse>> CreatePipeline(JsonElement body, [AsParameters] ApiServices api)
    {
        string json;
        string? name;
        try
        {
            json = body.GetRawText();
            name = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("name", out var named) && named.ValueKind == JsonValueKind.String
                ? named.GetString()
                : null;
        }
        catch (InvalidOperationException)
        {
            // JSON text is checked for UTF-8 only when it is transcoded: invalid bytes inside a string surface here.
            throw MleErrors.InvalidRequest("The request body is not valid UTF-8 text.", "body");
        }
        if (name is null || !Mle.Naming.Names.IsValid(name))
        {
            // Without a valid name there is no pipeline to ask: the reader alone reports every problem of the shape.
            var reading = PipelineDefinitionReader.Read(json);
            throw MleErrors.InvalidPipeline(name ?? "", reading.Problems);
        }
        var pipeline = PipelineRef.Create(api.Tenant, name);
        var created = await Grain(api, pipeline).Create(json).WaitAsync(api.Aborted);
        return TypedResults.Created($"/api/v1/pipelines/{Uri.EscapeDataString(pipeline.Name)}/versions/{created.LatestVersion}", PipelineResponse.From(created));
    }

    public static async Task<Ok<PageResponse<PipelineResponse>>> ListPipelines([AsParameters] ApiServices api, int? pageSize, string? continuationToken, string? q)
    {
        var page = await api.Grains.GetGrain<IPipelineDirectoryGrain>(api.Tenant).List(PageQuery.Request(pageSize, continuationToken, q)).WaitAsync(api.Aborted);
        return TypedResults.Ok(PageResponse.From(page, PipelineResponse.From));
    }

    public static async Task<Ok<PipelineStatusResponse>> GetPipeline(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok(PipelineStatusResponse.From(await Grain(api, name).Get().WaitAsync(api.Aborted)));

    public static async Task<Ok<PipelineVersionResponse[]>> ListVersions(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok((await Grain(api, name).Versions().WaitAsync(api.Aborted)).Select(PipelineVersionResponse.From).ToArray());

    public static async Task<Ok<PipelineVersionResponse>> GetVersion(string name, int version, [AsParameters] ApiServices api) =>
        TypedResults.Ok(PipelineVersionResponse.From(await Grain(api, name).Version(version).WaitAsync(api.Aborted)));

    public static async Task<Ok<PipelineResponse>> Deploy(string name, int? version, [AsParameters] ApiServices api) =>
        TypedResults.Ok(PipelineResponse.From(await Grain(api, name).Deploy(version).WaitAsync(api.Aborted)));

    public static async Task<Ok<PipelineResponse>> Pause(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok(PipelineResponse.From(await Grain(api, name).Pause().WaitAsync(api.Aborted)));

    public static async Task<Ok<PipelineResponse>> Resume(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok(PipelineResponse.From(await Grain(api, name).Resume().WaitAsync(api.Aborted)));

    public static async Task<Ok<PipelineResponse>> Stop(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok(PipelineResponse.From(await Grain(api, name).Stop().WaitAsync(api.Aborted)));

    public static async Task<NoContent> Delete(string name, [AsParameters] ApiServices api)
    {
        await Grain(api, name).Delete().WaitAsync(api.Aborted);
        return TypedResults.NoContent();
    }

    public static async Task<Accepted<AcceptedResponse>> Push(string name, PushBody body, [AsParameters] ApiServices api)
    {
        var pipeline = PipelineRef.Create(api.Tenant, name);
        var events = FeatureRequests.Events(body, api.Limits.Value.MaxEventsPerPush);
        var admission = await api.Grains.GetGrain<IPipelineInputGrain>(0).Push(pipeline.Key, events!).WaitAsync(api.Aborted);
        return TypedResults.Accepted((string?)null, new AcceptedResponse(events.Count, admission.State));
    }

    public static async Task<Ok<PageResponse<DeadLetterResponse>>> ListDeadLetters(string name, [AsParameters] ApiServices api, int? pageSize, string? continuationToken)
    {
        var pipeline = PipelineRef.Create(api.Tenant, name);
        await Grain(api, pipeline).Get().WaitAsync(api.Aborted);
        var page = await api.Grains.GetGrain<IPipelineDeadLettersGrain>(pipeline.Key).List(PageQuery.Size(pageSize), continuationToken).WaitAsync(api.Aborted);
        return TypedResults.Ok(PageResponse.From(page, DeadLetterResponse.From));
    }

    public static async Task<Ok<ReplayResponse>> Replay(string name, [AsParameters] ApiServices api, int? max)
    {
        var pipeline = PipelineRef.Create(api.Tenant, name);
        var limit = max ?? api.Limits.Value.MaxEventsPerPush;
        if (limit < 1)
        {
            throw MleErrors.InvalidRequest("max must be at least 1.", "max");
        }
        // Counted before the replay: a replayed event that fails again is a new letter, not one this replay left behind.
        var before = await api.Grains.GetGrain<IPipelineDeadLettersGrain>(pipeline.Key).List(1, null).WaitAsync(api.Aborted);
        var replayed = await api.Grains.GetGrain<IPipelineInputGrain>(0).Replay(pipeline.Key, limit).WaitAsync(api.Aborted);
        return TypedResults.Ok(new ReplayResponse(replayed, Math.Max(0, before.TotalCount - replayed)));
    }

    private static IPipelineGrain Grain(ApiServices api, string name) => Grain(api, PipelineRef.Create(api.Tenant, name));

    private static IPipelineGrain Grain(ApiServices api, PipelineRef pipeline) => api.Grains.GetGrain<IPipelineGrain>(pipeline.Key);
}
