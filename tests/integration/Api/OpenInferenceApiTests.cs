using System.Net;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Api;

/// <summary>The Open Inference Protocol (KServe V2) REST surface, checked against the spec's JSON shapes.</summary>
public sealed class OpenInferenceApiTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private readonly string _model = RestCalls.UniqueName("oip");
    private readonly string _onnx = RestCalls.UniqueName("oip-onnx");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_model, TestModels.BinaryClassifier);
        (await Http.SetAlias(_model, "champion", 1)).EnsureSuccessStatusCode();
        await Http.RegisterModel(_onnx, TestModels.OnnxLogistic);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Server_metadata_has_name_version_and_extensions()
    {
        var metadata = await (await Http.GetAsync("/v2")).Json();
        Assert.Equal("orleans-mle", (string?)metadata["name"]);
        Assert.False(string.IsNullOrEmpty((string?)metadata["version"]));
        Assert.IsType<JsonArray>(metadata["extensions"]);
    }

    [Fact]
    public async Task Server_is_live_and_ready()
    {
        var live = await Http.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True((bool?)(await live.Json())["live"]);
        var ready = await Http.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True((bool?)(await ready.Json())["ready"]);
    }

    [Fact]
    public async Task Model_metadata_lists_versions_platform_and_tensors()
    {
        var metadata = await (await Http.GetAsync($"/v2/models/{_model}")).Json();
        Assert.Equal(_model, (string?)metadata["name"]);
        Assert.Equal(["1"], metadata["versions"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("mlnet", (string?)metadata["platform"]);
        var input = metadata["inputs"]![0]!;
        Assert.Equal("X1", (string?)input["name"]);
        Assert.Equal("FP32", (string?)input["datatype"]);
        Assert.Equal([-1], input["shape"]!.AsArray().Select(d => (int)d!));

        var onnx = await (await Http.GetAsync($"/v2/models/{_onnx}/versions/1")).Json();
        Assert.Equal("onnxruntime_onnx", (string?)onnx["platform"]);
        Assert.Equal([-1, 3], onnx["inputs"]![0]!["shape"]!.AsArray().Select(d => (int)d!));
    }

    [Fact]
    public async Task Model_readiness_is_200_for_a_servable_version_and_404_otherwise()
    {
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/v2/models/{_model}/ready")).StatusCode);
        var ready = await (await Http.GetAsync($"/v2/models/{_model}/versions/champion/ready")).Json();
        Assert.Equal(_model, (string?)ready["name"]);
        Assert.True((bool?)ready["ready"]);
        await (await Http.GetAsync($"/v2/models/{_model}/versions/7/ready")).AssertInferenceError(HttpStatusCode.NotFound);
        await (await Http.GetAsync("/v2/models/nobody/ready")).AssertInferenceError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Infer_follows_the_spec_example_shapes_and_echoes_the_id()
    {
        var response = await Http.PostJson($"/v2/models/{_model}/versions/1/infer", """
            {
              "id": "42",
              "inputs": [
                {"name": "X1", "shape": [2], "datatype": "FP32", "data": [1.5, -2]},
                {"name": "X2", "shape": [2, 1], "datatype": "FP32", "data": [[-0.5], [3]]}
              ]
            }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(_model, (string?)body["model_name"]);
        Assert.Equal("1", (string?)body["model_version"]);
        Assert.Equal("42", (string?)body["id"]);
        var outputs = body["outputs"]!.AsArray().ToDictionary(o => (string)o!["name"]!);
        var expected = ReferencePredictions.Binary((1.5f, -0.5f), (-2f, 3f));

        var probability = outputs["Probability"]!;
        Assert.Equal("FP32", (string?)probability["datatype"]);
        Assert.Equal([2], probability["shape"]!.AsArray().Select(d => (int)d!));
        Assert.Equal(expected.Select(e => e.Probability), probability["data"]!.AsArray().Select(d => (float)d!));
        var label = outputs["PredictedLabel"]!;
        Assert.Equal("BOOL", (string?)label["datatype"]);
        Assert.Equal(expected.Select(e => e.PredictedLabel), label["data"]!.AsArray().Select(d => (bool)d!));
    }

    [Fact]
    public async Task Outputs_filter_returns_only_the_requested_outputs_and_an_id_is_generated()
    {
        var body = await (await Http.PostJson($"/v2/models/{_model}/infer", """
            {"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [2]}],
             "outputs": [{"name": "Score"}]}
            """)).Json();
        Assert.Equal(["Score"], body["outputs"]!.AsArray().Select(o => (string?)o!["name"]));
        Assert.False(string.IsNullOrEmpty((string?)body["id"]));
    }

    [Fact]
    public async Task Without_a_champion_the_unversioned_routes_serve_the_newest_servable_version()
    {
        var name = RestCalls.UniqueName("oip-latest");
        await Http.RegisterModel(name, TestModels.BinaryClassifier);
        Assert.Equal(HttpStatusCode.Created, (await Http.UploadVersion(name, TestModels.BinaryClassifier)).StatusCode);
        const string Request = """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [2]}]}""";

        Assert.Equal("2", (string?)(await (await Http.PostJson($"/v2/models/{name}/infer", Request)).Json())["model_version"]);
        (await Http.PostAsync($"/api/v1/models/{name}/versions/2/archive", null)).EnsureSuccessStatusCode();
        Assert.Equal("1", (string?)(await (await Http.PostJson($"/v2/models/{name}/infer", Request)).Json())["model_version"]);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/v2/models/{name}/ready")).StatusCode);
    }

    [Fact]
    public async Task Onnx_infer_computes_the_graph()
    {
        var body = await (await Http.PostJson($"/v2/models/{_onnx}/versions/1/infer", """
            {"inputs": [{"name": "x", "shape": [2, 3], "datatype": "FP32", "data": [[1, 2, -1], [0, 0, 0]]}]}
            """)).Json();
        var outputs = body["outputs"]!.AsArray().ToDictionary(o => (string)o!["name"]!);
        var probability = outputs["probability"]!["data"]!.AsArray().Select(d => (float)d!).ToArray();
        float Sigmoid(float[] x) => 1 / (1 + MathF.Exp(-(x.Zip(TestModels.LogisticWeights, (a, w) => a * w).Sum() + TestModels.LogisticBias)));
        Assert.Equal(Sigmoid([1, 2, -1]), probability[0], 5);
        Assert.Equal(Sigmoid([0, 0, 0]), probability[1], 5);
        Assert.Equal([2, 1], outputs["probability"]!["shape"]!.AsArray().Select(d => (int)d!));
        Assert.Equal("BOOL", (string?)outputs["label"]!["datatype"]);
    }

    [Fact]
    public async Task Infer_errors_use_the_protocol_error_shape()
    {
        var missing = await (await Http.PostJson($"/v2/models/{_model}/infer", """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1]}]}"""))
            .AssertInferenceError(HttpStatusCode.BadRequest);
        Assert.Contains("X2", missing);

        var wrongCount = await (await Http.PostJson($"/v2/models/{_model}/infer", """{"inputs": [{"name": "X1", "shape": [2], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [2], "datatype": "FP32", "data": [1, 2]}]}"""))
            .AssertInferenceError(HttpStatusCode.BadRequest);
        Assert.Contains("X1", wrongCount);

        await (await Http.PostJson($"/v2/models/{_model}/infer", "{not json")).AssertInferenceError(HttpStatusCode.BadRequest);
        await (await Http.PostJson("/v2/models/nobody/infer", """{"inputs": []}""")).AssertInferenceError(HttpStatusCode.NotFound);
        await (await Http.PostJson($"/v2/models/{_model}/versions/5/infer", """{"inputs": []}""")).AssertInferenceError(HttpStatusCode.NotFound);
    }
}
