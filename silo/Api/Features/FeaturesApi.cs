using Microsoft.AspNetCore.Http.HttpResults;
using Mle.Audit;
using Mle.Errors;
using Mle.Features;
using Mle.Security;
using Mle.Silo.Audit;
using Mle.Silo.Security;

namespace Mle.Silo.Api.Features;

/// <summary>
/// The feature mart over REST: feature sets (create, evolve, get, list, versions), pushing events, and online and
/// point-in-time lookups. Creating and evolving sets and pushing events need a scientist (or above); every role may
/// look up; reading definitions is <see cref="Permission.Read"/>. Names are the caller's tenant's.
/// </summary>
public static class FeaturesApi
{
    public static IEndpointRouteBuilder MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        var sets = app.MapGroup("/api/v1/featuresets").WithTags("Features");
        sets.MapPost("/", CreateFeatureSet).WithName("CreateFeatureSet").RequirePermission(Permission.DefineFeatures).Audited(AuditActions.FeatureSetCreate)
            .WithSummary("Create a feature set: entity key, raw features, windowed aggregates, max age, allowed lateness, retention.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        sets.MapGet("/", ListFeatureSets).WithName("ListFeatureSets").RequirePermission(Permission.Read)
            .WithSummary("List the tenant's feature sets, one page at a time.");
        sets.MapGet("/{name}", GetFeatureSet).WithName("GetFeatureSet").RequirePermission(Permission.Read)
            .WithSummary("Get a feature set's current definition.").ProducesProblem(StatusCodes.Status404NotFound);
        sets.MapPut("/{name}", EvolveFeatureSet).WithName("EvolveFeatureSet").RequirePermission(Permission.DefineFeatures)
            .Audited(AuditActions.FeatureSetEvolve, "featuresets/{name}")
            .WithSummary("Evolve a feature set: add features or aggregates (entity state is kept); removing or changing one is 409 feature_change_rejected.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sets.MapGet("/{name}/versions", ListFeatureSetVersions).WithName("ListFeatureSetVersions").RequirePermission(Permission.Read)
            .WithSummary("Every version of a feature set's definition, oldest first.").ProducesProblem(StatusCodes.Status404NotFound);
        sets.MapPost("/{name}/push", Push).WithName("PushFeatureEvents").RequirePermission(Permission.PushFeatures)
            .WithSummary("Apply a batch of events (idempotent by event id). The whole batch is validated first: one bad event changes nothing.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        sets.MapPost("/{name}/lookup", Lookup).WithName("LookupFeatures").RequirePermission(Permission.LookupFeatures).Produces<LookupResponse>()
            .WithSummary("Look up features of many entities (in parallel), now or asOf a past time; one row per entity in request order, each value with its status and event time.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        app.MapPost("/api/v1/features/lookup", LookupMany).WithTags("Features").WithName("LookupFeaturesOfManySets")
            .RequirePermission(Permission.LookupFeatures).Produces<MultiLookupResponse>()
            .WithSummary("Look up several feature sets at once (in parallel), all at the same asOf; one result per feature set, in request order.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public static async Task<Created<FeatureSetResponse>> CreateFeatureSet(FeatureSetBody body, [AsParameters] ApiServices api, FeatureSetCatalog catalog)
    {
        var set = FeatureSetRef.Create(api.Tenant, body?.Name!);
        var created = await Grain(api, set).Create(FeatureRequests.Spec(body)).WaitAsync(api.Aborted);
        catalog.Forget(set);
        return TypedResults.Created($"/api/v1/featuresets/{Uri.EscapeDataString(set.Name)}", FeatureSetResponse.From(created));
    }

    public static async Task<Ok<Models.PageResponse<FeatureSetResponse>>> ListFeatureSets(
        [AsParameters] ApiServices api, int? pageSize, string? continuationToken, string? q)
    {
        var page = await api.Grains.GetGrain<IFeatureSetDirectoryGrain>(api.Tenant).List(PageQuery.Request(pageSize, continuationToken, q)).WaitAsync(api.Aborted);
        return TypedResults.Ok(Models.PageResponse.From(page, FeatureSetResponse.From));
    }

    public static async Task<Ok<FeatureSetResponse>> GetFeatureSet(string name, [AsParameters] ApiServices api) =>
        TypedResults.Ok(FeatureSetResponse.From(await Grain(api, FeatureSetRef.Create(api.Tenant, name)).Get().WaitAsync(api.Aborted)));

    public static async Task<Ok<FeatureSetResponse>> EvolveFeatureSet(string name, FeatureSetBody body, [AsParameters] ApiServices api, FeatureSetCatalog catalog)
    {
        var set = FeatureSetRef.Create(api.Tenant, name);
        if (body?.Name is { } named && named != name)
        {
            throw MleErrors.InvalidRequest($"The body names feature set '{named}', the route '{name}'.", "name");
        }
        var evolved = await Grain(api, set).Evolve(FeatureRequests.Spec(body)).WaitAsync(api.Aborted);
        catalog.Forget(set);
        return TypedResults.Ok(FeatureSetResponse.From(evolved));
    }

    public static async Task<Ok<FeatureSetResponse[]>> ListFeatureSetVersions(string name, [AsParameters] ApiServices api)
    {
        var versions = await Grain(api, FeatureSetRef.Create(api.Tenant, name)).Versions().WaitAsync(api.Aborted);
        return TypedResults.Ok(versions.Select(FeatureSetResponse.From).ToArray());
    }

    public static async Task<Ok<PushResponse>> Push(string name, PushBody body, [AsParameters] ApiServices api, FeatureMart mart)
    {
        var set = FeatureSetRef.Create(api.Tenant, name);
        var events = FeatureRequests.Events(body, api.Limits.Value.MaxEventsPerPush);
        return TypedResults.Ok(PushResponse.From(await mart.Push(set, events).WaitAsync(api.Aborted)));
    }

    public static async Task Lookup(string name, LookupBody body, [AsParameters] ApiServices api, FeatureMart mart)
    {
        var set = FeatureSetRef.Create(api.Tenant, name);
        var request = FeatureRequests.Lookup(body?.Entities, body?.Features, FeatureRequests.Time(body?.AsOf, "asOf"));
        await LookupWriter.Write(api.Http.Response, await mart.Lookup(set, request).WaitAsync(api.Aborted), api.Aborted);
    }

    public static async Task LookupMany(MultiLookupBody body, [AsParameters] ApiServices api, FeatureMart mart)
    {
        var lookups = body?.Lookups ?? throw MleErrors.InvalidRequest(
            "The body needs lookups: {\"lookups\": [{\"featureSet\": \"card\", \"entities\": [\"c1\"], \"features\": [\"amount\"]}]}.", "lookups");
        var asOf = FeatureRequests.Time(body.AsOf, "asOf");
        var total = lookups.Sum(l => l?.Entities?.Count ?? 0);
        if (total > api.Limits.Value.MaxLookupEntities)
        {
            throw MleErrors.TooManyEntities(total, api.Limits.Value.MaxLookupEntities);
        }
        var requests = lookups.Select((l, i) => l is null
            ? throw MleErrors.InvalidRequest($"lookups[{i}] is null.", $"lookups[{i}]")
            : (Set: FeatureSetRef.Create(api.Tenant, l.FeatureSet!), Request: FeatureRequests.Lookup(l.Entities, l.Features, asOf))).ToList();
        var results = await Task.WhenAll(requests.Select(r => mart.Lookup(r.Set, r.Request))).WaitAsync(api.Aborted);
        await LookupWriter.Write(api.Http.Response, [.. results.Select((result, i) => (result, requests[i].Set.Name))], api.Aborted);
    }

    private static IFeatureSetGrain Grain(ApiServices api, FeatureSetRef set) => api.Grains.GetGrain<IFeatureSetGrain>(set.Key);
}
