using System.Net;
using System.Text.Json.Nodes;
using Mle.Errors;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Api;

public sealed class ScoringApiTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private const string Rows = """{"rows": [{"X1": 1.5, "X2": -0.5}, {"X1": -2, "X2": 3}, {"X1": 0, "X2": 0}]}""";
    private static readonly (float, float)[] RowValues = [(1.5f, -0.5f), (-2f, 3f), (0f, 0f)];
    private readonly string _model = RestCalls.UniqueName("scored");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_model, TestModels.BinaryClassifier);
        (await Http.SetAlias(_model, "champion", 1)).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Scoring_rows_by_version_matches_raw_mlnet()
    {
        var response = await Http.PostJson($"/api/v1/models/{_model}/versions/1/score", Rows);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(_model, (string?)body["model"]);
        Assert.Equal(1, (int?)body["version"]);
        var predictions = body["predictions"]!.AsArray();
        var expected = ReferencePredictions.Binary(RowValues);
        Assert.Equal(expected.Length, predictions.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].PredictedLabel, (bool)predictions[i]!["PredictedLabel"]!);
            Assert.Equal(expected[i].Score, (float)predictions[i]!["Score"]!, 5);
            Assert.Equal(expected[i].Probability, (float)predictions[i]!["Probability"]!, 5);
        }
    }

    [Fact]
    public async Task Columnar_request_gives_the_same_predictions_as_rows()
    {
        var fromRows = (await (await Http.PostJson($"/api/v1/models/{_model}/versions/1/score", Rows)).Json())["predictions"]!.ToJsonString();
        var fromColumns = (await (await Http.PostJson($"/api/v1/models/{_model}/versions/1/score",
            """{"columns": {"X1": [1.5, -2, 0], "X2": [-0.5, 3, 0]}}""")).Json())["predictions"]!.ToJsonString();
        Assert.Equal(fromRows, fromColumns);
    }

    [Fact]
    public async Task Scoring_by_alias_and_by_qualified_name_uses_the_aliased_version()
    {
        var byAlias = await (await Http.PostJson($"/api/v1/models/{_model}/versions/champion/score", Rows)).Json();
        Assert.Equal(1, (int?)byAlias["version"]);
        var qualified = await (await Http.PostJson($"/api/v1/models/{_model}@champion/score", Rows)).Json();
        Assert.Equal(1, (int?)qualified["version"]);
        Assert.Equal(byAlias["predictions"]!.ToJsonString(), qualified["predictions"]!.ToJsonString());
    }

    [Fact]
    public async Task Alias_move_is_served_by_the_next_request()
    {
        Assert.Equal(HttpStatusCode.Created, (await Http.UploadVersion(_model, TestModels.BinaryClassifier)).StatusCode);
        await Http.PostJson($"/api/v1/models/{_model}/versions/champion/score", Rows);
        (await Http.SetAlias(_model, "challenger", 2)).EnsureSuccessStatusCode();
        (await Http.SetAlias(_model, "champion", 2)).EnsureSuccessStatusCode();

        var moved = await (await Http.PostJson($"/api/v1/models/{_model}/versions/champion/score", Rows)).Json();
        Assert.Equal(2, (int?)moved["version"]);
    }

    [Fact]
    public async Task Missing_column_is_400_schema_mismatch_naming_it()
    {
        var problem = await (await Http.PostJson($"/api/v1/models/{_model}/versions/1/score", """{"rows": [{"X1": 1}]}"""))
            .AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.SchemaMismatch);
        Assert.Equal("X2", (string?)problem["target"]);
        Assert.Contains("X2", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Wrong_type_is_400_schema_mismatch_naming_the_column()
    {
        var problem = await (await Http.PostJson($"/api/v1/models/{_model}/versions/1/score", """{"rows": [{"X1": "one", "X2": 2}]}"""))
            .AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.SchemaMismatch);
        Assert.Equal("X1", (string?)problem["target"]);
    }

    [Theory]
    [InlineData("{\"rows\": [")]
    [InlineData("not json")]
    [InlineData("{\"rows\": []}")]
    public async Task Malformed_or_empty_body_is_400_invalid_request(string body) =>
        await (await Http.PostJson($"/api/v1/models/{_model}/versions/1/score", body)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);

    [Fact]
    public async Task Unknown_model_version_and_alias_are_404()
    {
        await (await Http.PostJson("/api/v1/models/no-such-model/versions/1/score", Rows)).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.ModelNotFound);
        await (await Http.PostJson($"/api/v1/models/{_model}/versions/99/score", Rows)).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.VersionNotFound);
        await (await Http.PostJson($"/api/v1/models/{_model}/versions/nope/score", Rows)).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.AliasNotFound);
    }

    [Fact]
    public async Task Mixed_input_model_scores_text_booleans_and_vectors()
    {
        var name = RestCalls.UniqueName("mixed");
        var version = await Http.RegisterModel(name, TestModels.MixedInputs);
        Assert.Contains("string", version["inputs"]!.AsArray().Select(c => (string?)c!["type"]));

        var response = await Http.PostJson($"/api/v1/models/{name}/versions/1/score", """
            {"rows": [{"Age": 30, "IsMember": true, "Comment": "great service", "Embedding": [0.1, 0.2, 0.3]},
                      {"Age": 61, "IsMember": false, "Comment": "slow and rude", "Embedding": [0.9, 0.1, 0.0]}]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await response.Json())["predictions"]!.AsArray();
        Assert.Equal(2, predictions.Count);
        Assert.All(predictions, p => Assert.InRange((float)p!["Probability"]!, 0f, 1f));

        var problem = await (await Http.PostJson($"/api/v1/models/{name}/versions/1/score",
            """{"rows": [{"Age": 30, "IsMember": true, "Comment": "x", "Embedding": [0.1, 0.2]}]}"""))
            .AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.SchemaMismatch);
        Assert.Equal("Embedding", (string?)problem["target"]);
    }

    [Fact]
    public async Task Onnx_model_scores_through_the_rest_api()
    {
        var name = RestCalls.UniqueName("onnx");
        var version = await Http.RegisterModel(name, TestModels.OnnxLogistic);
        Assert.Equal("onnx", (string?)version["flavor"]);

        var x = new[] { 1f, 2f, -1f };
        var body = new JsonObject { ["rows"] = new JsonArray(new JsonObject { ["x"] = new JsonArray(x.Select(v => (JsonNode)v).ToArray()) }) };
        var response = await Http.PostJson($"/api/v1/models/{name}/versions/1/score", body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prediction = (await response.Json())["predictions"]![0]!;
        var z = x.Zip(TestModels.LogisticWeights, (a, w) => a * w).Sum() + TestModels.LogisticBias;
        var expected = 1 / (1 + MathF.Exp(-z));
        // A one-element output is written as a scalar, as a one-element input may be sent as one.
        Assert.Equal(expected, (float)prediction["probability"]!, 5);
    }
}
