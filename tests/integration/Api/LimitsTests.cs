using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mle.Errors;
using Mle.Registry;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Api;

/// <summary>Every limit is configuration, and crossing one is a clear 413 that changes nothing.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private TestSilo? _silo;

    private HttpClient Http => _silo!.Http;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(new Dictionary<string, string?>
    {
        ["Mle:Limits:MaxArtifactBytes"] = "1024",
        ["Mle:Limits:MaxBatchRows"] = "2",
        ["Mle:Limits:MaxRequestBytes"] = "300",
        ["Mle:Limits:MaxConcurrentUploads"] = "1",
    });

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Artifact_over_the_limit_is_413_and_registers_nothing()
    {
        var name = RestCalls.UniqueName("big");
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();
        Assert.True(TestModels.BinaryClassifier.Length > 1024);

        var problem = await (await Http.UploadVersion(name, TestModels.BinaryClassifier)).AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.ArtifactTooLarge);
        AssertLimit(problem, "Mle:Limits:MaxArtifactBytes", 1024);
        Assert.Equal(0, (int?)(await (await Http.GetAsync($"/api/v1/models/{name}")).Json())["versionCount"]);
    }

    [Fact]
    public async Task Rows_over_the_batch_limit_are_413()
    {
        var name = await RegisterSmallModel();
        var problem = await (await Http.PostJson($"/api/v1/models/{name}/versions/1/score", """{"rows": [{"x": [1,2,3]}, {"x": [1,2,3]}, {"x": [1,2,3]}]}"""))
            .AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.BatchTooLarge);
        AssertLimit(problem, "Mle:Limits:MaxBatchRows", 2);
        await (await Http.PostJson($"/v2/models/{name}/versions/1/infer", """{"inputs": [{"name": "x", "shape": [3, 3], "datatype": "FP32", "data": [1,2,3,1,2,3,1,2,3]}]}"""))
            .AssertInferenceError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Request_body_over_the_limit_is_413()
    {
        var name = await RegisterSmallModel();
        var padding = new string(' ', 400);
        var problem = await (await Http.PostJson($"/api/v1/models/{name}/versions/1/score", $$"""{"rows": [{"x": [1,2,3]}]{{padding}}}"""))
            .AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.RequestTooLarge);
        AssertLimit(problem, "Mle:Limits:MaxRequestBytes", 300);
    }

    [Fact]
    public async Task A_url_over_the_limit_is_414_naming_it()
    {
        var problem = await (await Http.GetAsync("/api/v1/models/" + new string('a', 9000))).AssertProblem(HttpStatusCode.RequestUriTooLong, ErrorCodes.UrlTooLong);
        AssertLimit(problem, "Mle:Limits:MaxUrlBytes", 8192);
    }

    /// <summary>Every limit error names its limit the same way: <c>"limit": {"setting", "value"}</c>.</summary>
    private static void AssertLimit(System.Text.Json.Nodes.JsonObject problem, string setting, long value)
    {
        Assert.Equal(setting, (string?)problem["limit"]?["setting"]);
        Assert.Equal(value, (long?)problem["limit"]?["value"]);
    }

    [Fact]
    public async Task An_upload_over_the_routes_own_ceiling_blames_MaxArtifactBytes_and_other_routes_keep_MaxRequestBytes()
    {
        var name = RestCalls.UniqueName("ceiling");
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();
        // A body announced larger than Kestrel's ceiling on this route (the artifact limit plus the multipart
        // overhead) is refused as soon as it is read: the answer names the artifact limit.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(_silo!.BaseAddress.Host, _silo.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"POST /api/v1/models/{name}/versions HTTP/1.1\r\nHost: localhost\r\n{_silo.AuthorizationHeader}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            + $"Content-Length: {9 * 1024 * 1024}\r\n\r\n--b\r\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        while (!answer.ToString().Contains("MaxArtifactBytes", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"The connection closed before the answer was complete: {answer}");
            answer.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        }
        Assert.StartsWith("HTTP/1.1 413", answer.ToString());
        Assert.Contains(ErrorCodes.ArtifactTooLarge, answer.ToString());

        // The ONNX model is larger than MaxRequestBytes (300) and uploads all the same: the allowance is the route's.
        Assert.True(TestModels.OnnxLogistic.Length > 300);
        Assert.Equal(HttpStatusCode.Created, (await Http.UploadVersion(name, TestModels.OnnxLogistic)).StatusCode);
        // Any other route is bounded by MaxRequestBytes.
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Http.CreateModel(RestCalls.UniqueName("long"), new string('d', 400))).StatusCode);
    }

    [Fact]
    public async Task An_upload_beyond_the_silos_concurrent_upload_limit_is_503_naming_the_limit()
    {
        var name = RestCalls.UniqueName("slots");
        (await Http.CreateModel(name)).EnsureSuccessStatusCode();
        var slots = _silo!.Services.GetRequiredService<UploadSlots>();

        // The first upload sends its headers and the start of its body, then holds its slot.
        using var first = new System.Net.Sockets.TcpClient();
        await first.ConnectAsync(_silo.BaseAddress.Host, _silo.BaseAddress.Port);
        await using var stream = first.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"POST /api/v1/models/{name}/versions HTTP/1.1\r\nHost: localhost\r\n{_silo.AuthorizationHeader}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            + "Content-Length: 1000\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"m\"\r\n\r\n"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (slots.InUse < 1)
        {
            await Task.Delay(10, deadline.Token);
        }

        var problem = await (await Http.UploadVersion(name, TestModels.OnnxLogistic)).AssertProblem(HttpStatusCode.ServiceUnavailable, ErrorCodes.TooManyUploads);
        Assert.Contains("MaxConcurrentUploads", (string?)problem["detail"]);

        first.Close();
        while (slots.InUse > 0)
        {
            await Task.Delay(10, deadline.Token);
        }
        Assert.Equal(HttpStatusCode.Created, (await Http.UploadVersion(name, TestModels.OnnxLogistic)).StatusCode);
    }

    private async Task<string> RegisterSmallModel()
    {
        // The ONNX logistic model is a few hundred bytes: under the artifact limit of this silo.
        var name = RestCalls.UniqueName("small");
        await Http.RegisterModel(name, TestModels.OnnxLogistic);
        return name;
    }
}
