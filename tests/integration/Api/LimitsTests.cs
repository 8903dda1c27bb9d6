using System.Net;
using Mle.Errors;
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

        await (await Http.UploadVersion(name, TestModels.BinaryClassifier)).AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.ArtifactTooLarge);
        Assert.Equal(0, (int?)(await (await Http.GetAsync($"/api/v1/models/{name}")).Json())["versionCount"]);
    }

    [Fact]
    public async Task Rows_over_the_batch_limit_are_413()
    {
        var name = await RegisterSmallModel();
        await (await Http.PostJson($"/api/v1/models/{name}/versions/1/score", """{"rows": [{"x": [1,2,3]}, {"x": [1,2,3]}, {"x": [1,2,3]}]}"""))
            .AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.BatchTooLarge);
        await (await Http.PostJson($"/v2/models/{name}/versions/1/infer", """{"inputs": [{"name": "x", "shape": [3, 3], "datatype": "FP32", "data": [1,2,3,1,2,3,1,2,3]}]}"""))
            .AssertInferenceError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Request_body_over_the_limit_is_413()
    {
        var name = await RegisterSmallModel();
        var padding = new string(' ', 400);
        await (await Http.PostJson($"/api/v1/models/{name}/versions/1/score", $$"""{"rows": [{"x": [1,2,3]}]{{padding}}}"""))
            .AssertProblem(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.RequestTooLarge);
    }

    private async Task<string> RegisterSmallModel()
    {
        // The ONNX logistic model is a few hundred bytes: under the artifact limit of this silo.
        var name = RestCalls.UniqueName("small");
        await Http.RegisterModel(name, TestModels.OnnxLogistic);
        return name;
    }
}
