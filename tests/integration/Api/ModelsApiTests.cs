using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mle.Errors;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Api;

public sealed class ModelsApiTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task Creating_a_model_returns_201_with_its_location()
    {
        var name = RestCalls.UniqueName("churn");
        var response = await Http.CreateModel(name, "Predicts churn", new { team = "growth" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/models/{name}", response.Headers.Location?.ToString());
        var model = await response.Json();
        Assert.Equal(name, (string?)model["name"]);
        Assert.Equal("Predicts churn", (string?)model["description"]);
        Assert.Equal("growth", (string?)model["tags"]!["team"]);
        Assert.Equal(0, (int?)model["versionCount"]);
    }

    [Fact]
    public async Task Duplicate_model_name_is_409_model_already_exists()
    {
        var name = RestCalls.UniqueName("dup");
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();
        await (await Http.CreateModel(name)).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.ModelAlreadyExists);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("")]
    public async Task Invalid_model_name_is_400_invalid_name(string name) =>
        await (await Http.CreateModel(name)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidName);

    [Fact]
    public async Task Malformed_json_body_is_400_invalid_request() =>
        await (await Http.PostJson("/api/v1/models", "{\"name\": ")).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);

    [Fact]
    public async Task Unknown_model_is_404_model_not_found() =>
        await (await Http.GetAsync("/api/v1/models/does-not-exist")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.ModelNotFound);

    [Fact]
    public async Task Uploading_a_version_reads_its_schema_from_the_artifact()
    {
        var name = RestCalls.UniqueName("binary");
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();

        var response = await Http.UploadVersion(name, TestModels.BinaryClassifier,
            metrics: """{"auc": 0.93}""", tags: """{"stage": "dev"}""",
            lineage: """{"runId": "run-17", "dataset": "s3://bucket/churn.csv", "parameters": {"l2": "0.1"}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/models/{name}/versions/1", response.Headers.Location?.ToString());
        var version = await response.Json();
        Assert.Equal(1, (int?)version["version"]);
        Assert.Equal("Ready", (string?)version["status"]);
        Assert.Equal("mlnet", (string?)version["flavor"]);
        Assert.Equal(["X1", "X2"], version["inputs"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.All(version["inputs"]!.AsArray(), c => Assert.Equal("float32", (string?)c!["type"]));
        Assert.Contains("Probability", version["outputs"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.Equal(0.93, (double?)version["metrics"]!["auc"]);
        Assert.Equal("dev", (string?)version["tags"]!["stage"]);
        Assert.Equal("run-17", (string?)version["lineage"]!["runId"]);
        Assert.Equal("0.1", (string?)version["lineage"]!["parameters"]!["l2"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)version["artifact"]!["sha256"]);
    }

    [Fact]
    public async Task A_versions_artifact_downloads_as_uploaded_with_its_hash_as_etag()
    {
        var name = RestCalls.UniqueName("download");
        var version = await Http.RegisterModel(name, TestModels.BinaryClassifier);
        (await Http.SetAlias(name, "champion", 1)).EnsureSuccessStatusCode();

        var response = await Http.GetAsync($"/api/v1/models/{name}/versions/champion/artifact");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestModels.BinaryClassifier, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{(string?)version["artifact"]!["sha256"]}\"", response.Headers.ETag?.Tag);
        Assert.Equal($"{name}-v1.zip", response.Content.Headers.ContentDisposition?.FileName);
        await (await Http.GetAsync($"/api/v1/models/{name}/versions/9/artifact")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.VersionNotFound);
    }

    [Fact]
    public async Task Versions_are_numbered_in_order_and_listed_newest_first()
    {
        var name = RestCalls.UniqueName("ordered");
        await Http.RegisterModel(name, TestModels.BinaryClassifier);
        Assert.Equal(HttpStatusCode.Created, (await Http.UploadVersion(name, TestModels.RegressionModel)).StatusCode);

        var model = await (await Http.GetAsync($"/api/v1/models/{name}")).Json();
        Assert.Equal(2, (int?)model["latestVersion"]);
        var page = await (await Http.GetAsync($"/api/v1/models/{name}/versions?pageSize=1")).Json();
        Assert.Equal(2, (int?)page["totalCount"]);
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal(2, (int?)page["items"]![0]!["version"]);
        var next = await (await Http.GetAsync($"/api/v1/models/{name}/versions?pageSize=1&continuationToken={Uri.EscapeDataString((string)page["continuationToken"]!)}")).Json();
        Assert.Equal(1, (int?)next["items"]![0]!["version"]);
        Assert.Null(next["continuationToken"]);
    }

    [Fact]
    public async Task Models_are_listed_with_paging_and_search()
    {
        var prefix = RestCalls.UniqueName("listing");
        foreach (var suffix in new[] { "a", "b", "c" })
        {
            (await Http.CreateModel($"{prefix}-{suffix}", tags: new { family = prefix })).EnsureSuccessStatusCode();
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var url = $"/api/v1/models?pageSize=2&q={prefix}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await (await Http.GetAsync(url)).Json();
            Assert.Equal(3, (int?)page["totalCount"]);
            seen.AddRange(page["items"]!.AsArray().Select(m => (string)m!["name"]!));
            token = (string?)page["continuationToken"];
        }
        while (token is not null);

        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], seen.Order());
        var byTag = await (await Http.GetAsync($"/api/v1/models?tag=family={prefix}")).Json();
        Assert.Equal(3, (int?)byTag["totalCount"]);
    }

    [Fact]
    public async Task Page_size_out_of_range_is_400() =>
        await (await Http.GetAsync("/api/v1/models?pageSize=0")).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);

    [Fact]
    public async Task Aliases_can_be_set_moved_read_and_deleted()
    {
        var name = RestCalls.UniqueName("aliased");
        await Http.RegisterModel(name, TestModels.BinaryClassifier);
        Assert.Equal(HttpStatusCode.Created, (await Http.UploadVersion(name, TestModels.BinaryClassifier)).StatusCode);

        var set = await (await Http.SetAlias(name, "champion", 1)).Json();
        Assert.Equal(1, (int?)set["aliases"]!["champion"]);
        var moved = await (await Http.SetAlias(name, "champion", 2)).Json();
        Assert.Equal(2, (int?)moved["aliases"]!["champion"]);

        var byAlias = await (await Http.GetAsync($"/api/v1/models/{name}/versions/champion")).Json();
        Assert.Equal(2, (int?)byAlias["version"]);
        Assert.Contains("champion", byAlias["aliases"]!.AsArray().Select(a => (string?)a));

        var deleted = await Http.DeleteAsync($"/api/v1/models/{name}/aliases/champion");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await (await Http.GetAsync($"/api/v1/models/{name}/versions/champion")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.AliasNotFound);
        await (await Http.DeleteAsync($"/api/v1/models/{name}/aliases/champion")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.AliasNotFound);
    }

    [Fact]
    public async Task Alias_to_a_missing_version_is_404_and_a_numeric_alias_is_invalid()
    {
        var name = RestCalls.UniqueName("alias-bad");
        await Http.RegisterModel(name, TestModels.BinaryClassifier);
        await (await Http.SetAlias(name, "champion", 9)).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.VersionNotFound);
        await (await Http.SetAlias(name, "42", 1)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidName);
    }

    [Fact]
    public async Task Archiving_a_version_removes_its_aliases_and_forbids_new_ones()
    {
        var name = RestCalls.UniqueName("archive");
        await Http.RegisterModel(name, TestModels.BinaryClassifier);
        (await Http.SetAlias(name, "champion", 1)).EnsureSuccessStatusCode();

        var archived = await Http.PostAsync($"/api/v1/models/{name}/versions/1/archive", null);
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.True((bool?)(await archived.Json())["archived"]);

        var model = await (await Http.GetAsync($"/api/v1/models/{name}")).Json();
        Assert.Empty(model["aliases"]!.AsObject());
        await (await Http.SetAlias(name, "champion", 1)).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.VersionArchived);
        await (await Http.PostJson($"/api/v1/models/{name}/versions/champion/score", """{"rows": [{"X1": 1, "X2": 2}]}"""))
            .AssertProblem(HttpStatusCode.NotFound, ErrorCodes.AliasNotFound);
    }

    [Fact]
    public async Task Corrupt_zip_is_rejected_and_registers_nothing()
    {
        var name = RestCalls.UniqueName("corrupt");
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();
        var artifactsBefore = ArtifactFiles();

        var corrupt = TestModels.BinaryClassifier.ToArray();
        Array.Fill(corrupt, (byte)0x5A, 100, corrupt.Length - 200);
        await (await Http.UploadVersion(name, corrupt)).AssertProblem(HttpStatusCode.UnprocessableEntity, ErrorCodes.InvalidArtifact);
        await (await Http.UploadVersion(name, "definitely not a model"u8.ToArray())).AssertProblem(HttpStatusCode.UnprocessableEntity, ErrorCodes.InvalidArtifact);

        var model = await (await Http.GetAsync($"/api/v1/models/{name}")).Json();
        Assert.Equal(0, (int?)model["versionCount"]);
        Assert.Equal(artifactsBefore, ArtifactFiles());
    }

    [Fact]
    public async Task Unknown_flavor_is_rejected()
    {
        var name = RestCalls.UniqueName("flavor");
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();
        await (await Http.UploadVersion(name, TestModels.BinaryClassifier, flavor: "pytorch"))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, ErrorCodes.UnsupportedFlavor);
    }

    [Fact]
    public async Task Upload_without_an_artifact_part_is_400()
    {
        var name = RestCalls.UniqueName("noartifact");
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();
        using var form = new MultipartFormDataContent { { new StringContent("mlnet"), "flavor" } };
        await (await Http.PostAsync($"/api/v1/models/{name}/versions", form)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await (await Http.PostAsJsonAsync($"/api/v1/models/{name}/versions", new { })).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Invalid_metrics_part_is_400_and_registers_nothing()
    {
        var name = RestCalls.UniqueName("metrics");
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();
        await (await Http.UploadVersion(name, TestModels.BinaryClassifier, metrics: "[1,2]")).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        Assert.Equal(0, (int?)(await (await Http.GetAsync($"/api/v1/models/{name}")).Json())["versionCount"]);
    }

    [Fact]
    public async Task Uploading_to_an_unknown_model_is_404() =>
        await (await Http.UploadVersion(RestCalls.UniqueName("ghost"), TestModels.BinaryClassifier)).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.ModelNotFound);

    [Fact]
    public async Task Openapi_document_describes_the_fixed_routes()
    {
        var document = JsonNode.Parse(await Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("/api/v1/models", paths);
        Assert.Contains("/api/v1/models/{name}/versions", paths);
        Assert.Contains("/api/v1/models/{name}/aliases/{alias}", paths);
        Assert.Contains("/api/v1/models/{name}/versions/{version}/score", paths);
        Assert.Contains("/v2/models/{name}/versions/{version}/infer", paths);
        var upload = document["paths"]!["/api/v1/models/{name}/versions"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
        Assert.Equal("binary", (string?)upload["properties"]!["artifact"]!["format"]);
        Assert.Contains("artifact", upload["required"]!.AsArray().Select(r => (string?)r));
    }

    private string[] ArtifactFiles()
    {
        var root = Path.Combine(fixture.Silo.DataDirectory, "artifacts");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order().ToArray() : [];
    }
}
