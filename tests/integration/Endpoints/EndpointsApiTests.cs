using System.Net;
using System.Text.Json.Nodes;
using Mle.Errors;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Endpoints;

public sealed class EndpointsApiTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly string _binary = RestCalls.UniqueName("bin");
    private readonly string _onnx = RestCalls.UniqueName("onx");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_binary, TestModels.BinaryClassifier);
        await Http.RegisterModel(_onnx, TestModels.OnnxLogistic);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string AbSpec => $$$$$$"""
        {"description": "A/B", "entityKey": "customerId", "graph": {"split": {"variants": [
            {"name": "a", "weight": 50, "node": {"model": "{{{{{{_binary}}}}}}@1"}},
            {"name": "b", "weight": 50, "node": {"model": "{{{{{{_onnx}}}}}}"}}]}}}
        """;

    private static (float X1, float X2, float[] X) Row(int i) => (i * 0.1f - 1, 1 - i * 0.05f, [i * 0.01f, -0.2f, 0.3f]);

    private static string Rows(int count) => "{\"rows\": [" + string.Join(", ", Enumerable.Range(0, count).Select(i =>
    {
        var (x1, x2, x) = Row(i);
        return FormattableString.Invariant($$$$$$"""{"customerId": "c{{{{{{i}}}}}}", "X1": {{{{{{x1}}}}}}, "X2": {{{{{{x2}}}}}}, "x": [{{{{{{x[0]}}}}}}, {{{{{{x[1]}}}}}}, {{{{{{x[2]}}}}}}]}""");
    })) + "]}";

    private static float Logistic(float[] x)
    {
        var z = TestModels.LogisticBias;
        for (var i = 0; i < x.Length; i++)
        {
            z += x[i] * TestModels.LogisticWeights[i];
        }
        return 1 / (1 + MathF.Exp(-z));
    }

    private async Task<JsonObject> Put(string name, string spec)
    {
        var response = await Http.PutAsync($"/api/v1/endpoints/{name}", new StringContent(spec, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    [Fact]
    public async Task An_ab_endpoint_scores_each_entity_with_its_variant_s_model_exactly_and_names_the_route()
    {
        var name = RestCalls.UniqueName("ab");
        var put = await Put(name, AbSpec);
        Assert.Equal(1, (int?)put["version"]);

        var first = await (await Http.PostJson($"/api/v1/endpoints/{name}/score", Rows(30))).Json();
        var second = await (await Http.PostJson($"/api/v1/endpoints/{name}/score", Rows(30))).Json();

        Assert.Equal(name, (string?)first["endpoint"]);
        var predictions = first["predictions"]!.AsArray();
        var routes = first["routes"]!.AsArray();
        Assert.Equal(30, routes.Count);
        for (var i = 0; i < 30; i++)
        {
            var (x1, x2, x) = Row(i);
            var variant = (string)routes[i]!["variant"]!;
            Assert.Equal(variant == "a" ? _binary : _onnx, (string?)routes[i]!["model"]);
            Assert.Equal(1, (int?)routes[i]!["version"]);
            if (variant == "a")
            {
                var expected = ReferencePredictions.Binary((x1, x2))[0];
                Assert.Equal(expected.Probability, (float)predictions[i]!["Probability"]!, 5);
                Assert.Equal(expected.PredictedLabel, (bool)predictions[i]!["PredictedLabel"]!);
            }
            else
            {
                var probability = predictions[i]!["probability"]!;
                Assert.Equal(Logistic(x), (float)(probability is JsonArray one ? one[0]! : probability), 5);
            }
            var assignment = await (await Http.GetAsync($"/api/v1/endpoints/{name}/assignments/c{i}")).Json();
            Assert.Equal(variant, (string?)assignment["variants"]!["graph"]);
        }
        Assert.Equal(routes.ToJsonString(), second["routes"]!.ToJsonString());
        Assert.Contains(routes, r => (string?)r!["variant"] == "a");
        Assert.Contains(routes, r => (string?)r!["variant"] == "b");
    }

    [Fact]
    public async Task A_bad_spec_is_one_400_listing_every_problem_and_changes_nothing()
    {
        var name = RestCalls.UniqueName("bad");
        var spec = $$$$$$"""
            {"graph": {"split": {"variants": [
                {"name": "a", "weight": 50, "node": {"model": "no-such-model"}},
                {"name": "b", "weight": 40, "node": {"endpoint": "no-such-endpoint"}}]}}}
            """;

        var problem = await (await Http.PutAsync($"/api/v1/endpoints/{name}", new StringContent(spec, System.Text.Encoding.UTF8, "application/json")))
            .AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEndpoint);

        var problems = problem["problems"]!.AsArray();
        Assert.Contains(problems, p => (string?)p!["code"] == ErrorCodes.ModelNotFound && (string?)p["path"] == "graph.split.variants[0].node.model");
        Assert.Contains(problems, p => (string?)p!["code"] == ErrorCodes.EndpointNotFound);
        Assert.Contains(problems, p => (string?)p!["path"] == "graph.split.variants");
        await (await Http.GetAsync($"/api/v1/endpoints/{name}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.EndpointNotFound);
    }

    [Fact]
    public async Task A_name_is_either_a_model_or_an_endpoint()
    {
        var name = RestCalls.UniqueName("one");
        await Put(name, $$$$$$"""{"graph": {"model": "{{{{{{_binary}}}}}}"}}""");

        await (await Http.PutAsync($"/api/v1/endpoints/{_binary}", new StringContent($$$$$$"""{"graph": {"model": "{{{{{{_onnx}}}}}}"}}""", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblem(HttpStatusCode.Conflict, ErrorCodes.EndpointNameTaken);
        await (await Http.CreateModel(name)).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.EndpointNameTaken);
    }

    [Fact]
    public async Task An_endpoint_is_read_listed_changed_and_deleted()
    {
        var name = RestCalls.UniqueName("life");
        await Put(name, AbSpec);
        var changed = await Put(name, $$$$$$"""{"description": "now one model", "graph": {"model": "{{{{{{_binary}}}}}}@1"}}""");

        Assert.Equal(2, (int?)changed["version"]);
        var read = await (await Http.GetAsync($"/api/v1/endpoints/{name}")).Json();
        Assert.Equal("now one model", (string?)read["description"]);
        Assert.Equal($"{_binary}@1", (string?)read["spec"]!["graph"]!["model"]);
        var versions = JsonNode.Parse(await Http.GetStringAsync($"/api/v1/endpoints/{name}/versions"))!.AsArray();
        Assert.Equal([2, 1], versions.Select(v => (int)v!["version"]!));
        var listed = await (await Http.GetAsync("/api/v1/endpoints?pageSize=500")).Json();
        Assert.Contains(listed["items"]!.AsArray(), e => (string?)e!["name"] == name);
        var scored = await (await Http.PostJson($"/api/v1/endpoints/{name}/score", Rows(2))).Json();
        Assert.Equal(2, (int?)scored["version"]);

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/endpoints/{name}")).StatusCode);

        await (await Http.PostJson($"/api/v1/endpoints/{name}/score", Rows(2))).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.EndpointNotFound);
        await (await Http.GetAsync($"/api/v1/endpoints/{name}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.EndpointNotFound);
    }

    [Fact]
    public async Task An_endpoint_is_an_open_inference_protocol_model()
    {
        var name = RestCalls.UniqueName("oip");
        await Put(name, $$$$$$"""{"graph": {"ensemble": {"combine": "mean", "output": "Probability", "members": [{"node": {"model": "{{{{{{_binary}}}}}}"}}, {"node": {"model": "{{{{{{_binary}}}}}}@1"}}]}}}""");

        var response = await Http.PostJson($"/v2/models/{name}/infer",
            """{"inputs": [{"name": "X1", "shape": [2], "datatype": "FP32", "data": [0.5, -1]}, {"name": "X2", "shape": [2], "datatype": "FP32", "data": [1, 2]}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(name, (string?)body["model_name"]);
        var output = Assert.Single(body["outputs"]!.AsArray());
        Assert.Equal("Probability", (string?)output!["name"]);
        var expected = ReferencePredictions.Binary((0.5f, 1f), (-1f, 2f));
        var data = output["data"]!.AsArray();
        Assert.Equal(expected[0].Probability, (double)data[0]!, 5);
        Assert.Equal(expected[1].Probability, (double)data[1]!, 5);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/v2/models/{name}/ready")).StatusCode);
    }

    [Fact]
    public async Task Variants_show_each_arm_side_by_side_and_feedback_gives_online_accuracy()
    {
        var name = RestCalls.UniqueName("var");
        await Put(name, $$$$$$"""
            {"entityKey": "customerId", "graph": {"shadow": {"primary": {"split": {"variants": [
                {"name": "a", "weight": 50, "node": {"model": "{{{{{{_binary}}}}}}"}}, {"name": "b", "weight": 50, "node": {"model": "{{{{{{_binary}}}}}}@1"}}]}},
              "candidates": [{"model": "{{{{{{_onnx}}}}}}"}]}}}
            """);

        var scored = await (await Http.PostJson($"/api/v1/endpoints/{name}/score", Rows(20))).Json();
        var requestId = (string)scored["requestId"]!;
        var labels = string.Join(", ", Enumerable.Range(0, 20).Select(i =>
            $$$$$$"""{"requestId": "{{{{{{requestId}}}}}}", "row": {{{{{{i}}}}}}, "label": {{{{{{((bool)scored["predictions"]![i]!["PredictedLabel"]! ? "true" : "false")}}}}}}}"""));
        var feedback = await (await Http.PostJson($"/api/v1/endpoints/{name}/feedback", $$$$$$"""{"labels": [{{{{{{labels}}}}}}, {"requestId": "unknown", "label": true}]}""")).Json();

        Assert.Equal(20, (int?)feedback["matched"]);
        Assert.Equal(1, (int?)feedback["unmatched"]);
        var variants = (await (await Http.GetAsync($"/api/v1/endpoints/{name}/variants")).Json())["variants"]!.AsArray();
        var a = variants.Single(v => (string?)v!["kind"] == "split" && (string?)v["name"] == "a")!;
        var b = variants.Single(v => (string?)v!["kind"] == "split" && (string?)v["name"] == "b")!;
        var rows = scored["routes"]!.AsArray().Count(r => (string?)r!["variant"] == "a");
        Assert.Equal(rows, (long)a["rows"]!);
        Assert.Equal(20 - rows, (long)b["rows"]!);
        Assert.Equal(1.0, (double)a["accuracy"]!);
        Assert.Contains(variants, v => (string?)v!["kind"] == "shadow" && (string?)v["name"] == "primary");
        // The shadow candidate scores off the request path: it shows up once its backlog has run it.
        await Eventually.Holds(async () => (await (await Http.GetAsync($"/api/v1/endpoints/{name}/variants")).Json())["variants"]!.AsArray(),
            all => all.Any(v => (string?)v!["name"] == "candidates[0]" && (long)v["calls"]! == 1), TimeSpan.FromSeconds(30), "the shadow candidate's call");
    }
}
