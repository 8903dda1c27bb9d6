using Microsoft.AspNetCore.Http.HttpResults;
using Mle.Audit;
using Mle.Endpoints;
using Mle.Naming;
using Mle.Security;
using Mle.Silo.Api.Json;
using Mle.Silo.Api.Models;
using Mle.Silo.Audit;
using Mle.Silo.Security;

namespace Mle.Silo.Api.Endpoints;

/// <summary>
/// Serving endpoints over REST: an operator deploys them (PUT, DELETE), readers read them, scorers score through
/// them and feed labels back. Scoring finds the endpoint in this silo's replicated catalog (never its grain) and
/// scores each model version's rows of the request in one call.
/// </summary>
public static class EndpointsApi
{
    public static RouteGroupBuilder MapEndpointsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/endpoints").WithTags("Endpoints");

        api.MapPut("/{name}", PutEndpoint).WithName("PutEndpoint").RequirePermission(Permission.Deploy).Audited(AuditActions.EndpointPut)
            .WithSummary("Create or change an endpoint: {\"description\", \"entityKey\", \"graph\": NODE, \"enrich\": [...], \"batching\": {...}}. Every problem is listed in one 400.")
            .Accepts<EndpointSpecDocument>("application/json").Produces<EndpointResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/", ListEndpoints).WithName("ListEndpoints").RequirePermission(Permission.Read).WithSummary("List endpoints, one page at a time.");
        api.MapGet("/{name}", GetEndpoint).WithName("GetEndpoint").RequirePermission(Permission.Read).WithSummary("Get an endpoint's current spec.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{name}/versions", EndpointVersions).WithName("EndpointVersions").RequirePermission(Permission.Read)
            .WithSummary("The endpoint's spec versions kept, newest first.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{name}", DeleteEndpoint).WithName("DeleteEndpoint").RequirePermission(Permission.Deploy).Audited(AuditActions.EndpointDelete)
            .WithSummary("Delete an endpoint.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{name}/score", Score).WithName("ScoreEndpoint").RequirePermission(Permission.Score)
            .WithSummary("Score rows through the endpoint: {\"rows\": [{...}]} -> {\"endpoint\", \"version\", \"requestId\", \"predictions\", \"routes\"}.")
            .Accepts<EndpointScoreDocument>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{name}/variants", Variants).WithName("EndpointVariants").RequirePermission(Permission.Read).Produces<VariantsResponse>()
            .WithSummary("Every variant and node side by side (calls, errors, latency, score distribution, online accuracy), shadow candidates included, over all silos.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{name}/assignments/{entity}", Assignment).WithName("EndpointAssignment").RequirePermission(Permission.Read)
            .WithSummary("The variant of every split an entity is (stickily) assigned to.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{name}/feedback", Feedback).WithName("EndpointFeedback").RequirePermission(Permission.Score)
            .WithSummary("Labels for earlier predictions: {\"labels\": [{\"requestId\": \"...\", \"row\": 0, \"label\": true} | {\"entity\": \"c1\", \"label\": true}]}.")
            .Accepts<FeedbackDocument>("application/json").Produces<FeedbackResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Ok<EndpointResponse>> PutEndpoint(string name, [AsParameters] ApiServices api, EndpointCatalog catalog)
    {
        Names.Require("endpoint name", name);
        var spec = await RequestBody.Parse(api.Http.Request, api.Limits.Value.MaxRequestBytes, 0,
            static (body, _) => System.Text.EncodingExtensions.GetString(System.Text.Encoding.UTF8, body), api.Aborted);
        var info = await Grain(api, name).Put(spec).WaitAsync(api.Aborted);
        // This silo serves the change to the caller's next request at once; the others get the grain's push.
        await catalog.Refresh(api.Tenant, name).WaitAsync(api.Aborted);
        return TypedResults.Ok(EndpointResponse.From(info));
    }

    public static async Task<Ok<PageResponse<EndpointResponse>>> ListEndpoints([AsParameters] ApiServices api, int? pageSize, string? continuationToken, string? q)
    {
        var page = await api.Grains.GetGrain<IEndpointDirectoryGrain>(api.Tenant).List(PageQuery.Request(pageSize, continuationToken, q)).WaitAsync(api.Aborted);
        return TypedResults.Ok(PageResponse.From(page, EndpointResponse.From));
    }

    public static async Task<Ok<EndpointResponse>> GetEndpoint(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok(EndpointResponse.From(await Grain(api, name).Get().WaitAsync(api.Aborted)));

    public static async Task<Ok<EndpointResponse[]>> EndpointVersions(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok((await Grain(api, name).Versions().WaitAsync(api.Aborted)).Select(EndpointResponse.From).ToArray());

    public static async Task<NoContent> DeleteEndpoint(string name, [AsParameters] ApiServices api, EndpointCatalog catalog)
    {
        await Grain(api, name).Delete().WaitAsync(api.Aborted);
        await catalog.Refresh(api.Tenant, name).WaitAsync(api.Aborted);
        return TypedResults.NoContent();
    }

    public static async Task Score(string name, [AsParameters] ApiServices api, EndpointCatalog catalog, EndpointServing serving, FeedbackLog feedback)
    {
        var endpoint = await catalog.Find(api.Tenant, Names.Require("endpoint name", name), api.Aborted);
        var limits = api.Limits.Value;
        // Without optional columns the rows are a model's input: read in one streaming pass into typed columns, as
        // direct scoring reads them (the row reader's document and boxed values doubled what a request allocated).
        var rows = endpoint.AllInputsRequired
            ? await RequestBody.Parse(api.Http.Request, limits.MaxRequestBytes, (endpoint.InputSchema, limits.MaxBatchRows),
                static (body, read) => ScoreRequestReader.Read(body, read.InputSchema, read.MaxBatchRows), api.Aborted)
            : await RequestBody.Parse(api.Http.Request, limits.MaxRequestBytes, (endpoint.Inputs, limits.MaxBatchRows),
                static (body, read) => EndpointRowsReader.Read(body, read.Inputs, read.MaxBatchRows), api.Aborted);
        var score = await serving.Score(endpoint, rows, api.Aborted);
        var requestId = feedback.Remember(score);
        await EndpointScoreWriter.Write(api.Http.Response, requestId, score, api.Aborted);
    }

    public static async Task<Ok<VariantsResponse>> Variants(string name, [AsParameters] ApiServices api, IClusterMembershipService membership)
    {
        var info = await Grain(api, name).Get().WaitAsync(api.Aborted);
        var silos = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).ToList();
        var perSilo = await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                return await api.Grains.GetGrain<ISiloEndpointCatalogGrain>(silo.SiloAddress.ToParsableString()).Stats(api.Tenant, name)
                    .WaitAsync(TimeSpan.FromSeconds(5), api.Aborted);
            }
            catch (Exception) when (!api.Aborted.IsCancellationRequested)
            {
                // A silo leaving or slow: its numbers are missing from this answer, not the answer itself.
                return new Dictionary<VariantKey, VariantSnapshot>();
            }
        }));
        var total = new Dictionary<VariantKey, VariantSnapshot>();
        foreach (var (key, stats) in perSilo.SelectMany(s => s))
        {
            total[key] = total.TryGetValue(key, out var held) ? held.Plus(stats) : stats;
        }
        var variants = total.OrderBy(v => v.Key.Node, StringComparer.Ordinal).ThenBy(v => v.Key.Kind, StringComparer.Ordinal)
            .ThenBy(v => v.Key.Name, StringComparer.Ordinal).Select(v => VariantResponse.From(v.Key, v.Value)).ToList();
        return TypedResults.Ok(new VariantsResponse(info.Name, info.Version, variants, [.. info.Rollbacks.Select(r => RollbackResponse.From(r.Key, r.Value))]));
    }

    public static async Task<Ok<AssignmentResponse>> Assignment(string name, string entity, [AsParameters] ApiServices api, EndpointCatalog catalog)
    {
        var endpoint = await catalog.Find(api.Tenant, Names.Require("endpoint name", name), api.Aborted);
        return TypedResults.Ok(new AssignmentResponse(endpoint.Name, entity, endpoint.Assignments(entity)));
    }

    public static async Task<Ok<FeedbackResponse>> Feedback(string name, [AsParameters] ApiServices api, EndpointCatalog catalog, FeedbackLog feedback,
        Microsoft.Extensions.Options.IOptions<EndpointsOptions> options)
    {
        var endpoint = await catalog.Find(api.Tenant, Names.Require("endpoint name", name), api.Aborted);
        var labels = await RequestBody.Parse(api.Http.Request, api.Limits.Value.MaxRequestBytes, options.Value.MaxFeedbackLabels,
            static (body, max) => FeedbackReader.Read(body, max), api.Aborted);
        var (matched, unmatched) = feedback.Apply(endpoint, labels);
        return TypedResults.Ok(new FeedbackResponse(matched, unmatched));
    }

    private static IEndpointGrain Grain(ApiServices api, string name) =>
        api.Grains.GetGrain<IEndpointGrain>($"{api.Tenant}/{Names.Require("endpoint name", name)}");
}
