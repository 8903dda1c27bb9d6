using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mle.Errors;
using Mle.Security;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Security;

/// <summary>The tenants, models and keys of the access matrix: tenant <c>matrix</c> with one model per role, tenant <c>other</c> with its own.</summary>
public sealed class AccessMatrix : IAsyncLifetime
{
    public const string Tenant = "matrix";
    public const string OtherTenant = "other";
    public const string Theirs = "theirs";
    public const string Cards = "cards";
    public const string TheirCards = "their-cards";
    public const string PipelineSpec = """{"name": "{new}", "source": {"type": "rest", "schema": {"X1": "number"}}, "steps": [{"name": "big", "type": "filter", "expr": "X1 > 0"}]}""";
    public const string Data = "data";
    public const string TheirData = "their-data";
    public const string TrainingSetBody = """{"name": "{new}", "features": ["{f}:amount"], "rows": [{"cardId": "c1", "timestamp": "2026-01-01T00:00:00Z"}]}""";
    public const string CardsSpec = """{"name": "{new}", "entityKey": "cardId", "features": [{"name": "amount", "type": "float"}], "aggregates": [{"name": "amount_avg_10m", "feature": "amount", "function": "avg", "window": "10m", "hop": "1s"}], "maxAge": "1d", "allowedLateness": "1m"}""";

    private TestSilo? _silo;

    public TestSilo Silo => _silo!;

    /// <summary>A key of tenant <see cref="Tenant"/> per role.</summary>
    public Dictionary<Role, string> Keys { get; } = [];

    /// <summary>A key of the other tenant, for revoking across tenants.</summary>
    public string OtherKeyId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync();
        foreach (var role in Roles.All)
        {
            Keys[role] = (await Security.Keys.Create(Silo.Http, Roles.Name(role), Tenant)).Key;
        }
        using var admin = Silo.ClientWithKey(Keys[Role.Admin]);
        foreach (var role in Roles.All)
        {
            foreach (var model in new[] { Own(role), SdkModel(role) })
            {
                await admin.RegisterModel(model, TestModels.BinaryClassifier);
                (await admin.SetAlias(model, "champion", 1)).EnsureSuccessStatusCode();
            }
        }
        var (otherAdmin, otherId) = await Security.Keys.Create(Silo.Http, "admin", OtherTenant);
        OtherKeyId = otherId;
        using var other = Silo.ClientWithKey(otherAdmin);
        await other.RegisterModel(Theirs, TestModels.BinaryClassifier);
        foreach (var role in Roles.All)
        {
            (await other.CreateModel(Taken(role))).EnsureSuccessStatusCode();
        }
        (await other.SetAlias(Theirs, "champion", 1)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/featuresets", Json(CardsSpec.Replace("{new}", Cards, StringComparison.Ordinal)))).EnsureSuccessStatusCode();
        foreach (var role in Roles.All)
        {
            (await admin.PutAsync($"/api/v1/endpoints/{Endpoint(role)}", Json(EndpointSpec(role)))).EnsureSuccessStatusCode();
        }
        (await other.PutAsync($"/api/v1/endpoints/{TheirEndpoint}", Json("""{"graph": {"model": "THEIRS"}}""".Replace("THEIRS", Theirs, StringComparison.Ordinal)))).EnsureSuccessStatusCode();
        (await other.PostAsync("/api/v1/featuresets", Json(CardsSpec.Replace("{new}", TheirCards, StringComparison.Ordinal)))).EnsureSuccessStatusCode();
        // A running pipeline per role (named as the role's model), so pushing is allowed or refused by role alone.
        foreach (var (client, pipeline) in Roles.All.Select(r => (admin, Own(r))).Append((other, Theirs)))
        {
            (await client.PostAsync("/api/v1/pipelines", Json(PipelineSpec.Replace("{new}", pipeline, StringComparison.Ordinal)))).EnsureSuccessStatusCode();
            (await client.PostAsync($"/api/v1/pipelines/{pipeline}/deploy", null)).EnsureSuccessStatusCode();
        }
        (await admin.PostAsync("/api/v1/datasets/training", Json(TrainingSetBody.Replace("{new}", Data, StringComparison.Ordinal).Replace("{f}", Cards, StringComparison.Ordinal))))
            .EnsureSuccessStatusCode();
        (await other.PostAsync("/api/v1/datasets/training", Json(TrainingSetBody.Replace("{new}", TheirData, StringComparison.Ordinal).Replace("{f}", TheirCards, StringComparison.Ordinal))))
            .EnsureSuccessStatusCode();
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    public static string Own(Role role) => $"own-{Roles.Name(role)}";

    public static string SdkModel(Role role) => $"sdk-{Roles.Name(role)}";

    /// <summary>The role's own endpoint (over its own model), which the matrix deletes last.</summary>
    public static string Endpoint(Role role) => $"ep-{Roles.Name(role)}";

    public static string EndpointSpec(Role role) => """{"entityKey": "customerId", "graph": {"model": "OWN"}}""".Replace("OWN", Own(role), StringComparison.Ordinal);

    public const string TheirEndpoint = "their-ep";

    /// <summary>A name the other tenant has: creating it in the caller's tenant is no conflict.</summary>
    public static string Taken(Role role) => $"taken-{Roles.Name(role)}";

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}

/// <summary>
/// Issue 7: every REST endpoint × every role × a name of the caller's tenant or of another tenant, with the exact
/// status. A role without the route's permission gets 403 whatever the name; with it, another tenant's name is 404,
/// exactly as a name that does not exist.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrix matrix) : IClassFixture<AccessMatrix>
{
    private const string ScoreBody = """{"rows": [{"X1": 1, "X2": 2}]}""";
    private const string InferBody = """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [2]}]}""";

    private const string PushBody = """{"events": [{"id": "e1", "entity": "c1", "time": "2026-01-01T00:00:00Z", "values": {"amount": 12.5}}]}""";
    private const string PipelineEvents = """{"events": [{"id": "e1", "time": "2026-01-01T00:00:00Z", "values": {"X1": 1}}]}""";
    private const string LookupBody = """{"entities": ["c1", "c2"], "features": ["amount", "amount_avg_10m"], "asOf": null}""";

    /// <summary>
    /// A route: <c>{m}</c> is the model (the role's own, or the other tenant's), <c>{f}</c> the feature set (the
    /// tenant's, or the other tenant's), <c>{k}</c> a key id (a fresh key of
    /// the caller's tenant, or the other tenant's), <c>{d}</c> a dataset (the tenant's, or the other tenant's), <c>{t}</c> the tenant (the caller's, or the other). <see cref="Foreign"/> is false for routes that name nothing.
    /// </summary>
    public sealed record Route(string Method, string Path, Permission Needs, int Success, string? Body = null, bool Foreign = true, int? ForeignSuccess = null);

    // In order: a version is uploaded before it is archived, an alias set before it is deleted.
    private static readonly Route[] Routes =
    [
        new("GET", "/api/v1/models", Permission.Read, 200, Foreign: false),
        new("POST", "/api/v1/models", Permission.Register, 201, """{"name": "{new}"}""", ForeignSuccess: 201),
        new("GET", "/api/v1/models/{m}", Permission.Read, 200),
        new("POST", "/api/v1/models/{m}/versions", Permission.Register, 201, "upload"),
        new("GET", "/api/v1/models/{m}/versions", Permission.Read, 200),
        new("GET", "/api/v1/models/{m}/versions/1", Permission.Read, 200),
        new("GET", "/api/v1/models/{m}/versions/champion", Permission.Read, 200),
        new("GET", "/api/v1/models/{m}/versions/1/artifact", Permission.Read, 200),
        new("POST", "/api/v1/models/{m}/versions/1/score", Permission.Score, 200, ScoreBody),
        new("POST", "/api/v1/models/{m}@champion/score", Permission.Score, 200, ScoreBody),
        new("PUT", "/api/v1/models/{m}/aliases/challenger", Permission.Deploy, 200, """{"version": 1}"""),
        new("DELETE", "/api/v1/models/{m}/aliases/challenger", Permission.Deploy, 200),
        new("POST", "/api/v1/models/{m}/versions/2/archive", Permission.Deploy, 200),
        new("GET", "/v2", Permission.Score, 200, Foreign: false),
        new("GET", "/v2/models/{m}", Permission.Score, 200),
        new("GET", "/v2/models/{m}/versions/1", Permission.Score, 200),
        new("GET", "/v2/models/{m}/ready", Permission.Score, 200),
        new("GET", "/v2/models/{m}/versions/1/ready", Permission.Score, 200),
        new("POST", "/v2/models/{m}/infer", Permission.Score, 200, InferBody),
        new("POST", "/v2/models/{m}/versions/champion/infer", Permission.Score, 200, InferBody),
        new("GET", "/api/v1/admin/keys", Permission.ManageKeys, 200, Foreign: false),
        new("POST", "/api/v1/admin/keys", Permission.ManageKeys, 201, """{"role": "viewer"}""", Foreign: false),
        new("DELETE", "/api/v1/admin/keys/{k}", Permission.ManageKeys, 200),
        new("GET", "/api/v1/admin/audit?tenant={t}", Permission.ReadAudit, 200),
        new("POST", "/api/v1/featuresets", Permission.DefineFeatures, 201, AccessMatrix.CardsSpec, ForeignSuccess: 201),
        new("GET", "/api/v1/featuresets", Permission.Read, 200, Foreign: false),
        new("GET", "/api/v1/featuresets/{f}", Permission.Read, 200),
        new("GET", "/api/v1/featuresets/{f}/versions", Permission.Read, 200),
        // The same definition again is the current version, unchanged.
        new("PUT", "/api/v1/featuresets/{f}", Permission.DefineFeatures, 200, AccessMatrix.CardsSpec.Replace("{new}", "{f}", StringComparison.Ordinal)),
        new("POST", "/api/v1/featuresets/{f}/push", Permission.PushFeatures, 200, PushBody),
        new("POST", "/api/v1/featuresets/{f}/lookup", Permission.LookupFeatures, 200, LookupBody),
        // A plain GET is not a WebSocket (400 after authorization); the WebSocket itself is covered by NotificationsTests.
        new("GET", "/api/v1/notifications", Permission.Read, 400, Foreign: false),
        new("POST", "/api/v1/features/lookup", Permission.LookupFeatures, 200,
            $$"""{"lookups": [{"featureSet": "{{AccessMatrix.Cards}}", "entities": ["c1"], "features": ["amount"]}]}""", Foreign: false),
        // Pipelines are named as the role's model ({m}): running, so every lifecycle command below is legal in turn.
        new("GET", "/api/v1/pipelines", Permission.Read, 200, Foreign: false),
        new("POST", "/api/v1/pipelines", Permission.DefinePipelines, 201, AccessMatrix.PipelineSpec, ForeignSuccess: 201),
        new("GET", "/api/v1/pipelines/{m}", Permission.Read, 200),
        new("GET", "/api/v1/pipelines/{m}/versions", Permission.Read, 200),
        new("GET", "/api/v1/pipelines/{m}/versions/1", Permission.Read, 200),
        new("POST", "/api/v1/pipelines/{m}/deploy", Permission.ControlPipelines, 200),
        new("POST", "/api/v1/pipelines/{m}/events", Permission.PushPipelineEvents, 202, PipelineEvents),
        new("POST", "/api/v1/pipelines/{m}/pause", Permission.ControlPipelines, 200),
        new("POST", "/api/v1/pipelines/{m}/resume", Permission.ControlPipelines, 200),
        new("GET", "/api/v1/pipelines/{m}/deadletters", Permission.Read, 200),
        new("POST", "/api/v1/pipelines/{m}/deadletters/replay", Permission.ControlPipelines, 200),
        new("POST", "/api/v1/pipelines/{m}/stop", Permission.ControlPipelines, 200),
        new("DELETE", "/api/v1/pipelines/{m}", Permission.ControlPipelines, 204),
        new("GET", "/api/v1/endpoints", Permission.Read, 200, Foreign: false),
        // A PUT of another tenant's name creates one in the caller's tenant: names are the tenant's own.
        new("PUT", "/api/v1/endpoints/{e}", Permission.Deploy, 200, "{endpoint}", Foreign: false),
        new("GET", "/api/v1/endpoints/{e}", Permission.Read, 200),
        new("GET", "/api/v1/endpoints/{e}/versions", Permission.Read, 200),
        new("POST", "/api/v1/endpoints/{e}/score", Permission.Score, 200, ScoreBody),
        new("GET", "/api/v1/endpoints/{e}/variants", Permission.Read, 200),
        new("GET", "/api/v1/endpoints/{e}/assignments/c1", Permission.Read, 200),
        new("POST", "/api/v1/endpoints/{e}/feedback", Permission.Score, 200, """{"labels": [{"entity": "c1", "label": true}]}"""),
        new("GET", "/v2/models/{e}", Permission.Score, 200),
        new("POST", "/v2/models/{e}/infer", Permission.Score, 200, InferBody),
        new("DELETE", "/api/v1/endpoints/{e}", Permission.Deploy, 204),
        // The feature set in the body is the tenant's or the other's: another tenant's set is as absent as a missing one.
        new("POST", "/api/v1/datasets/training", Permission.BuildDatasets, 201, AccessMatrix.TrainingSetBody),
        new("GET", "/api/v1/datasets", Permission.Read, 200, Foreign: false),
        new("GET", "/api/v1/datasets/{d}", Permission.Read, 200),
        new("GET", "/api/v1/datasets/{d}/content", Permission.Read, 200),
    ];

    public static TheoryData<Role> AllRoles() => [.. Roles.All];

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Every_route_answers_each_role_of_each_tenant_with_the_exact_status(Role role)
    {
        using var client = matrix.Silo.ClientWithKey(matrix.Keys[role]);
        var mismatches = new List<string>();
        foreach (var route in Routes)
        {
            var allowed = Roles.Allows(role, route.Needs);
            var ownKey = (await Keys.Create(matrix.Silo.Http, "viewer", AccessMatrix.Tenant)).Id;
            await Check(client, route, own: true, AccessMatrix.Own(role), ownKey, $"new-{Guid.NewGuid():N}"[..16], allowed ? route.Success : 403, mismatches,
                AccessMatrix.Endpoint(role), AccessMatrix.EndpointSpec(role));
            if (route.Foreign)
            {
                await Check(client, route, own: false, AccessMatrix.Theirs, matrix.OtherKeyId, AccessMatrix.Taken(role),
                    allowed ? route.ForeignSuccess ?? 404 : 403, mismatches, AccessMatrix.TheirEndpoint, AccessMatrix.EndpointSpec(role));
            }
        }
        Assert.True(mismatches.Count == 0, $"{Roles.Name(role)}:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches)}");
    }

    private static async Task Check(HttpClient client, Route route, bool own, string model, string keyId, string newName, int expected, List<string> mismatches,
        string endpoint, string endpointSpec)
    {
        var featureSet = own ? AccessMatrix.Cards : AccessMatrix.TheirCards;
        var path = route.Path.Replace("{m}", model, StringComparison.Ordinal).Replace("{f}", featureSet, StringComparison.Ordinal).Replace("{k}", keyId, StringComparison.Ordinal)
            .Replace("{d}", own ? AccessMatrix.Data : AccessMatrix.TheirData, StringComparison.Ordinal)
            .Replace("{t}", own ? AccessMatrix.Tenant : AccessMatrix.OtherTenant, StringComparison.Ordinal).Replace("{e}", endpoint, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path)
        {
            Content = Body(route.Body == "{endpoint}" ? endpointSpec : route.Body, newName, featureSet),
        };
        using var response = await client.SendAsync(request);
        if ((int)response.StatusCode != expected)
        {
            mismatches.Add($"{route.Method} {path} ({(own ? "own" : "foreign")}): expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else if (expected == 404 && !own)
        {
            // Exactly what a name that exists nowhere gets: nothing tells that the other tenant has it.
            var missing = "absent-" + Guid.NewGuid().ToString("N")[..8];
            var absent = route.Path.Replace("{m}", missing, StringComparison.Ordinal).Replace("{f}", missing, StringComparison.Ordinal).Replace("{d}", missing, StringComparison.Ordinal)
                .Replace("{e}", missing, StringComparison.Ordinal)
                .Replace("{k}", Guid.NewGuid().ToString("N")[..16], StringComparison.Ordinal)
                .Replace("{t}", "absent-" + Guid.NewGuid().ToString("N")[..8], StringComparison.Ordinal);
            using var control = new HttpRequestMessage(new HttpMethod(route.Method), absent) { Content = Body(route.Body, newName, missing) };
            using var controlResponse = await client.SendAsync(control);
            var (body, controlBody) = (await response.Content.ReadAsStringAsync(), await controlResponse.Content.ReadAsStringAsync());
            if (controlResponse.StatusCode != response.StatusCode || Code(body) != Code(controlBody))
            {
                mismatches.Add($"{route.Method} {path}: another tenant's name answers {(int)response.StatusCode} {body}, a missing one {(int)controlResponse.StatusCode} {controlBody}");
            }
        }
    }

    private static string? Code(string body) =>
        body.StartsWith('{') ? System.Text.Json.Nodes.JsonNode.Parse(body)?["code"]?.GetValue<string>() : null;

    private static HttpContent? Body(string? body, string newName, string featureSet)
    {
        switch (body)
        {
            case null:
                return null;
            case "upload":
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(TestModels.BinaryClassifier);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(file, "artifact", "model.zip");
                return form;
            default:
                return new StringContent(body.Replace("{new}", newName, StringComparison.Ordinal).Replace("{f}", featureSet, StringComparison.Ordinal),
                    Encoding.UTF8, "application/json");
        }
    }
}
