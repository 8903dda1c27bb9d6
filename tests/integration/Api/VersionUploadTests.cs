using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Mle.Errors;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Api;

/// <summary>The version upload route: checks before reading, idempotent retries, bounded metadata, hostile multipart.</summary>
public sealed class VersionUploadTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task Upload_to_a_missing_model_is_404_before_the_body_is_read()
    {
        // A raw connection announces a 100 MB body and sends only its first bytes: the answer can only arrive
        // if the gateway looked the model up without waiting for the body.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(fixture.Silo.BaseAddress.Host, fixture.Silo.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var head = $"POST /api/v1/models/never-created/versions HTTP/1.1\r\nHost: localhost\r\n{fixture.Silo.AuthorizationHeader}\r\n"
            + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000000\r\n\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"m\"\r\n\r\nPK\u0003\u0004";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains(ErrorCodes.ModelNotFound, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"The connection closed before an answer: {received}");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        Assert.StartsWith("HTTP/1.1 404", received.ToString());
        Assert.Empty(IncomingFiles());
    }

    [Fact]
    public async Task Upload_with_a_reused_idempotency_key_returns_the_first_version()
    {
        var name = await NewModel("idem");
        var key = Guid.NewGuid().ToString();

        var first = await Upload(name, TestModels.BinaryClassifier, key);
        var retry = await Upload(name, TestModels.BinaryClassifier, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(1, (int?)(await retry.Json())["version"]);
        Assert.Equal(1, (int?)(await (await Http.GetAsync($"/api/v1/models/{name}")).Json())["versionCount"]);
        // Without a key, or with another one, the same bytes are a new version.
        Assert.Equal(2, (int?)(await (await Upload(name, TestModels.BinaryClassifier, Guid.NewGuid().ToString())).Json())["version"]);
    }

    [Fact]
    public async Task Upload_with_a_reused_idempotency_key_and_another_artifact_is_409_and_registers_nothing()
    {
        var name = await NewModel("idem-other");
        var key = Guid.NewGuid().ToString();
        (await Upload(name, TestModels.BinaryClassifier, key)).EnsureSuccessStatusCode();

        await (await Upload(name, TestModels.RegressionModel, key)).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.IdempotencyKeyReused);
        Assert.Equal(1, (int?)(await (await Http.GetAsync($"/api/v1/models/{name}")).Json())["versionCount"]);
    }

    [Fact]
    public async Task An_idempotency_key_that_is_not_printable_ascii_is_400()
    {
        var name = await NewModel("idem-bad");
        await (await Upload(name, TestModels.BinaryClassifier, new string('k', 129))).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Concurrent_uploads_to_one_model_all_get_distinct_ready_versions()
    {
        var name = await NewModel("concurrent");
        // The default bound is four uploads at once per silo.
        var uploads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Http.UploadVersion(name, TestModels.BinaryClassifier))));

        var versions = new List<int>();
        foreach (var upload in uploads)
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            var version = await upload.Json();
            Assert.Equal("Ready", (string?)version["status"]);
            versions.Add((int)version["version"]!);
        }
        Assert.Equal([1, 2, 3, 4], versions.Order());
        foreach (var version in versions)
        {
            var listed = await (await Http.GetAsync($"/api/v1/models/{name}/versions/{version}")).Json();
            Assert.Equal("Ready", (string?)listed["status"]);
        }
        Assert.Empty(IncomingFiles());
    }

    [Fact]
    public async Task The_response_names_the_artifact_by_digest_and_download_route_not_by_server_path()
    {
        var name = await NewModel("logical");
        var upload = await Http.UploadVersion(name, TestModels.BinaryClassifier);
        var body = await upload.Content.ReadAsStringAsync();
        var artifact = (await upload.Json())["artifact"]!.AsObject();

        Assert.DoesNotContain("file:", body);
        Assert.DoesNotContain(fixture.Silo.DataDirectory, body);
        Assert.Null(artifact["uri"]);
        Assert.Equal(TestModels.BinaryClassifier.Length, (long?)artifact["sizeBytes"]);
        var href = (string)artifact["href"]!;
        Assert.Equal($"/api/v1/models/{name}/versions/1/artifact", href);
        Assert.Equal(TestModels.BinaryClassifier, await Http.GetByteArrayAsync(href));
    }

    [Theory]
    [InlineData("""{"auc": 1e400}""")]
    [InlineData("""{"auc": -1e400}""")]
    [InlineData("""{"auc": "NaN"}""")]
    [InlineData("""{"auc": "Infinity"}""")]
    [InlineData("""{"auc": "-Infinity"}""")]
    public async Task A_non_finite_metric_is_400_and_the_model_stays_readable(string metrics)
    {
        var name = await NewModel("metric");
        await (await Http.UploadVersion(name, TestModels.BinaryClassifier, metrics: metrics)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidMetric);

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/api/v1/models/{name}/versions")).StatusCode);
        Assert.Equal(0, (int?)(await (await Http.GetAsync($"/api/v1/models/{name}")).Json())["versionCount"]);
        Assert.Empty(IncomingFiles());
    }

    [Fact]
    public async Task Metadata_over_its_limits_is_400_on_upload_and_on_create()
    {
        var name = await NewModel("limits");
        var manyTags = "{" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"t{i}\": \"v\"")) + "}";
        var manyMetrics = "{" + string.Join(",", Enumerable.Range(0, 129).Select(i => $"\"m{i}\": 1")) + "}";

        await (await Http.UploadVersion(name, TestModels.BinaryClassifier, tags: manyTags)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.MetadataTooLarge);
        await (await Http.UploadVersion(name, TestModels.BinaryClassifier, metrics: manyMetrics)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.MetadataTooLarge);
        await (await Http.UploadVersion(name, TestModels.BinaryClassifier, tags: $$"""{"k": "{{new string('v', 1025)}}"}""")).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.MetadataTooLarge);
        using var form = UploadForm(TestModels.BinaryClassifier);
        form.Add(new StringContent(new string('d', 4097)), "description");
        await (await Http.PostAsync($"/api/v1/models/{name}/versions", form)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.MetadataTooLarge);
        Assert.Equal(0, (int?)(await (await Http.GetAsync($"/api/v1/models/{name}")).Json())["versionCount"]);

        var other = RestCalls.UniqueName("limits");
        await (await Http.CreateModel(other, new string('d', 4097))).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.MetadataTooLarge);
        await (await Http.PostAsJsonAsync("/api/v1/models", new { name = other, tags = Enumerable.Range(0, 65).ToDictionary(i => $"t{i}", _ => "v") }))
            .AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.MetadataTooLarge);
        await (await Http.GetAsync($"/api/v1/models/{other}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.ModelNotFound);
    }

    [Fact]
    public async Task Duplicate_artifact_parts_are_400_not_the_last_one_wins()
    {
        var name = await NewModel("dup-part");
        using var form = UploadForm(TestModels.BinaryClassifier);
        form.Add(new ByteArrayContent(TestModels.RegressionModel), "artifact", "other.zip");

        await (await Http.PostAsync($"/api/v1/models/{name}/versions", form)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidMultipart);
        Assert.Empty(IncomingFiles());
    }

    [Fact]
    public async Task An_upload_without_an_artifact_part_is_400()
    {
        var name = await NewModel("no-artifact");
        using var form = new MultipartFormDataContent { { new StringContent("x"), "description" } };
        await (await Http.PostAsync($"/api/v1/models/{name}/versions", form)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        // Truncated: the closing boundary never comes.
        { "truncated", "--b\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"m\"\r\n\r\nPK\u0003\u0004 partial bytes" },
        // The body's boundary is not the one the header announced.
        { "boundary mismatch", "--other\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"m\"\r\n\r\nPK\u0003\u0004\r\n--other--\r\n" },
        // A 100 KB part header.
        { "huge part header", $"--b\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"{new string('a', 100 * 1024)}\"\r\n\r\nPK\u0003\u0004\r\n--b--\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_multipart_body_is_400_with_a_code(string what, string body)
    {
        var name = await NewModel("malformed");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        var response = await Http.PostAsync($"/api/v1/models/{name}/versions", content);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        await response.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidMultipart);
        Assert.Empty(IncomingFiles());
    }

    [Fact]
    public async Task Every_route_parses_a_version_the_same_way()
    {
        var name = await NewModel("plus");
        (await Http.UploadVersion(name, TestModels.BinaryClassifier)).EnsureSuccessStatusCode();

        await (await Http.GetAsync($"/api/v1/models/{name}/versions/%2B1")).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidName);
        await (await Http.PostAsync($"/api/v1/models/{name}/versions/%2B1/archive", null)).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidName);
        await (await Http.GetAsync($"/api/v1/models/{name}/versions/%2B1/artifact")).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidName);
        Assert.False((bool)(await (await Http.GetAsync($"/api/v1/models/{name}/versions/1")).Json())["archived"]!);
    }

    [Fact]
    public async Task Setting_an_alias_without_a_version_is_400_not_404()
    {
        var name = await NewModel("alias-empty");
        (await Http.UploadVersion(name, TestModels.BinaryClassifier)).EnsureSuccessStatusCode();

        await (await Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/champion", new { })).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await (await Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/champion", new { version = 0 })).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    private async Task<string> NewModel(string prefix)
    {
        var name = RestCalls.UniqueName(prefix);
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();
        return name;
    }

    private async Task<HttpResponseMessage> Upload(string model, byte[] artifact, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{model}/versions") { Content = UploadForm(artifact) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return await Http.SendAsync(request);
    }

    private static MultipartFormDataContent UploadForm(byte[] artifact)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(artifact), "artifact", "model.zip");
        return form;
    }

    private string[] IncomingFiles()
    {
        var incoming = Path.Combine(fixture.Silo.DataDirectory, "artifacts", "incoming");
        return Directory.Exists(incoming) ? Directory.GetFiles(incoming) : [];
    }
}
