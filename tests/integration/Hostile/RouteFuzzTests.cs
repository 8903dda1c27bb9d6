using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Mle.Tests.Integration.Hostile;

/// <summary>
/// A seeded fuzzer over every <c>/api/v1</c> and <c>/v2</c> route the running silo maps (read from its
/// <see cref="EndpointDataSource"/>, so a new route is fuzzed the day it is added): hostile path parameters and
/// query strings, bodies that are not JSON or not the route's JSON, and hostile artifacts for the upload. Whatever
/// it sends: no 5xx, the silo stays ready and scores as before, the registry, the keys and the artifact store are
/// exactly as they were, and no file appears in the data directory or in the canary directory beside it.
/// The seed is printed; <c>MLE_FUZZ_SEED=&lt;seed&gt;</c> replays a run.
/// </summary>
public sealed class RouteFuzzTests(FuzzSilo fixture, ITestOutputHelper output) : IClassFixture<FuzzSilo>
{
    /// <summary>The upload route: multipart, not JSON; it gets the hostile artifacts.</summary>
    private const string UploadRoute = "UploadVersion";

    /// <summary>
    /// POST and PUT routes that read no body; they get hostile paths only. Every other POST or PUT route gets the
    /// shapeless bodies, and, when it declares its body with <c>Accepts&lt;T&gt;()</c>, mutations of its template
    /// below (of <c>{}</c> for a type without one).
    /// </summary>
    private static readonly HashSet<string> BodylessRoutes =
        ["ArchiveVersion", "DeployPipeline", "PausePipeline", "ResumePipeline", "StopPipeline", "ReplayPipelineDeadLetters"];

    /// <summary>
    /// JSON of each body type for mutating. Routes that change state get an anchor no mutation repairs (the name
    /// "..", version 0, role "nobody"), so every mutation must be refused; scoring templates are valid.
    /// </summary>
    private static readonly Dictionary<string, string> Templates = new()
    {
        ["CreateModelBody"] = """{"name": "..", "description": "d", "tags": {"k": "v"}}""",
        ["SetAliasBody"] = """{"version": 0}""",
        ["CreateApiKeyBody"] = """{"role": "nobody", "name": "k", "tenant": "default"}""",
        ["ScoreRequestDocument"] = """{"rows": [{"X1": 1, "X2": 2}, {"X1": 3, "X2": 4}]}""",
        ["FeatureSetBody"] = """{"name": "..", "entityKey": "cardId", "features": [{"name": "amount", "type": "float"}], "aggregates": [{"name": "amount_avg_10m", "feature": "amount", "function": "avg", "window": "10m", "hop": "1s"}], "maxAge": "1d", "allowedLateness": "1m"}""",
        ["PushBody"] = """{"events": [{"id": "e1", "entity": "c1", "time": "not a time", "values": {"amount": 12.5}}]}""",
        ["LookupBody"] = """{"entities": ["c1", "c2"], "features": ["amount"], "asOf": null}""",
        ["MultiLookupBody"] = """{"lookups": [{"featureSet": "card", "entities": ["c1"], "features": ["amount"]}], "asOf": null}""",
        // A pipeline definition (read as raw JSON): the name ".." is no name, whatever else a mutation repairs.
        ["JsonElement"] = """{"name": "..", "kind": "streaming", "source": {"type": "rest", "schema": {"X1": "number"}}, "steps": [{"name": "big", "type": "filter", "expr": "X1 > 0.5"}, {"name": "out", "type": "sink", "to": "webhook", "url": "http://127.0.0.1:9/hook"}]}""",
        ["TrainingSetBody"] = """{"name": "..", "features": ["card:amount"], "rows": [{"cardId": "c1", "timestamp": "2026-01-01T00:00:00Z", "label": 1}], "source": null, "includeStatus": true, "timestampColumn": "timestamp"}""",
        ["InferRequestDocument"] = """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [2]}]}""",
        // Weights that add up to 50 and a model named "..": no single mutation makes an endpoint of it.
        ["EndpointSpecDocument"] = """{"entityKey": "customerId", "graph": {"split": {"variants": [{"name": "a", "weight": 50, "node": {"model": ".."}}]}}}""",
        ["EndpointScoreDocument"] = """{"rows": [{"customerId": "c1", "X1": 1, "X2": 2}]}""",
        ["FeedbackDocument"] = """{"labels": [{"requestId": "r1", "row": 0, "label": true}, {"entity": "c1", "label": false}]}""",
    };

    /// <summary>Valid bodies sent with a hostile path, so only the path can be what refuses the request.</summary>
    private static readonly Dictionary<string, string> ValidBodies = new()
    {
        ["SetAliasBody"] = """{"version": 1}""",
    };

    /// <summary>What each route parameter is when another one is the hostile one (<c>fuzz</c>, a name that exists nowhere, for any other).</summary>
    private static readonly Dictionary<string, string> ValidParameters = new()
    {
        ["name"] = FuzzSilo.Binary,
        ["version"] = "1",
        ["alias"] = "champion",
        ["qualifiedName"] = FuzzSilo.Binary + "@1",
        ["id"] = "k0000000000000000",
        ["entity"] = "c1",
    };

    [Fact]
    public void The_fuzzer_finds_the_routes_of_every_api_area_in_the_running_app()
    {
        var names = Routes().Select(r => r.Name).ToHashSet();
        Assert.True(names.Count >= 15, $"only {names.Count} routes found");
        Assert.Superset(new HashSet<string?> { "CreateModel", UploadRoute, "SetAlias", "ArchiveVersion", "Score", "ScoreQualified", "OipVersionInfer", "CreateApiKey", "RevokeApiKey" }, names);
        Assert.All(Routes().Where(r => r.BodyType is not null), r => Assert.True(Templates.ContainsKey(r.BodyType!.Name), $"{r}: no template for {r.BodyType!.Name}"));
    }

    [Fact]
    public async Task Seeded_hostile_input_to_every_route_gets_no_5xx_and_changes_nothing()
    {
        var seed = Environment.GetEnvironmentVariable("MLE_FUZZ_SEED") is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (replay with MLE_FUZZ_SEED={seed})");
        var inputs = new HostileInputs(new Random(seed), fixture.CanaryName);
        var silo = fixture.Silo;
        var scoreBefore = await silo.Http.PostAsync($"/api/v1/models/{FuzzSilo.Binary}/versions/1/score", Json(Templates["ScoreRequestDocument"]));
        var predictionsBefore = await scoreBefore.Content.ReadAsStringAsync();
        var before = await PlatformState.Capture(silo, fixture.Canary);

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        foreach (var request in Requests(Routes(), inputs))
        {
            var response = await RawHttp.Send(silo.BaseAddress, RawHttp.Request(request.Method, request.Target, [.. request.Headers, silo.AuthorizationHeader], request.Body));
            statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
            var text = response.Text.Length > 400 ? response.Text[..400] + "..." : response.Text;
            if (response.Status >= 500)
            {
                failures.Add($"{request}: {response.Status} {text}");
            }
            else if (request.Status is { } status && status != response.Status)
            {
                failures.Add($"{request}: expected {status}, got {response.Status} {text}");
            }
            else if (request.Code is { } code && !response.Text.Contains($"\"code\":\"{code}\"", StringComparison.Ordinal))
            {
                failures.Add($"{request}: expected code {code}, got {text}");
            }
        }
        output.WriteLine($"{statuses.Values.Sum()} requests: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")));

        Assert.True(failures.Count == 0, $"seed {seed}, {failures.Count} failures:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        Assert.True((await silo.ClientWithKey(null).GetAsync("/v2/health/ready")).IsSuccessStatusCode, "the silo is no longer ready");
        var scoreAfter = await silo.Http.PostAsync($"/api/v1/models/{FuzzSilo.Binary}/versions/1/score", Json(Templates["ScoreRequestDocument"]));
        Assert.Equal(predictionsBefore, await scoreAfter.Content.ReadAsStringAsync());
        var changes = before.Compare(await PlatformState.Capture(silo, fixture.Canary));
        Assert.True(changes.Length == 0, $"seed {seed}: {changes}");
    }

    private static IEnumerable<FuzzRequest> Requests(IReadOnlyList<FuzzRoute> routes, HostileInputs inputs)
    {
        const string JsonType = "Content-Type: application/json";
        var model = Support.TestModels.BinaryClassifier;
        foreach (var route in routes)
        {
            // A hostile path with an otherwise valid request: only the path can refuse it.
            var (pathHeaders, pathBody) = route.Name == UploadRoute
                ? ValidUpload(model)
                : route.BodyType is { } type ? ([JsonType], Encoding.UTF8.GetBytes(ValidBodies.GetValueOrDefault(type.Name, Template(type))))
                : (Array.Empty<string>(), (byte[]?)null);
            foreach (var parameter in route.Parameters)
            {
                foreach (var (what, raw) in inputs.PathValues())
                {
                    yield return new FuzzRequest($"{route} with {{{parameter}}} {what}", route.Method, route.Path(parameter, raw), pathHeaders, pathBody);
                }
            }

            if (route.Method == "GET")
            {
                foreach (var (what, query) in inputs.Queries())
                {
                    yield return new FuzzRequest($"{route} with {what}", route.Method, route.Path() + query, [], null);
                }
            }

            if (route.Method is "POST" or "PUT" && !BodylessRoutes.Contains(route.Name ?? ""))
            {
                foreach (var (what, headers, body) in inputs.ShapelessBodies())
                {
                    yield return new FuzzRequest($"{route} with {what}", route.Method, route.Path(), headers, body);
                }
            }
            if (route.BodyType is { } bodyType)
            {
                foreach (var (what, body) in inputs.Mutations(JsonNode.Parse(Template(bodyType))!))
                {
                    yield return new FuzzRequest($"{route} with {what}", route.Method, route.Path(), [JsonType], body);
                }
            }
            if (route.Name == UploadRoute)
            {
                foreach (var (what, headers, body, status, code) in inputs.Uploads())
                {
                    yield return new FuzzRequest($"{route} with {what}", route.Method, route.Path(), headers, body, status, code);
                }
            }
        }
    }

    private static string Template(Type bodyType) => Templates.GetValueOrDefault(bodyType.Name, "{}");

    private static (string[] Headers, byte[] Body) ValidUpload(byte[] artifact)
    {
        const string Boundary = "valid-upload";
        byte[] body = [.. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"model.zip\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
            .. artifact, .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n")];
        return ([$"Content-Type: multipart/form-data; boundary={Boundary}"], body);
    }

    private List<FuzzRoute> Routes() => [.. fixture.Silo.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText is { } text && (text.StartsWith("/api/v1", StringComparison.Ordinal) || text.StartsWith("/v2", StringComparison.Ordinal)))
        .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new FuzzRoute(method, e)))
        .OrderBy(r => r.ToString(), StringComparer.Ordinal)];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>One hostile request and, where it is settled, the status and code it must get.</summary>
    private sealed record FuzzRequest(string What, string Method, string Target, string[] Headers, byte[]? Body, int? Status = null, string? Code = null)
    {
        public override string ToString() => What;
    }

    /// <summary>A route as the fuzzer addresses it: its method, its parameters, and the body type it declares.</summary>
    private sealed class FuzzRoute(string method, RouteEndpoint endpoint)
    {
        public string Method { get; } = method;

        public string? Name { get; } = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;

        public Type? BodyType { get; } = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

        public IReadOnlyList<string> Parameters { get; } = [.. endpoint.RoutePattern.Parameters.Select(p => p.Name)];

        /// <summary>The path with every parameter valid, or <paramref name="hostile"/> (raw, sent as is) for <paramref name="parameter"/>.</summary>
        public string Path(string? parameter = null, string? hostile = null) => "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment =>
            string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when p.Name == parameter => hostile,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p => Uri.EscapeDataString(ValidParameters.GetValueOrDefault(p.Name, "fuzz")),
                _ => "",
            }))));

        public override string ToString() => $"{Method} {endpoint.RoutePattern.RawText}";
    }
}
