using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Mle.Errors;
using Mle.Security;
using Mle.Silo.Limits;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Audit;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Security;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Limits;

/// <summary>
/// Issue 7, limits: a key over its concurrent requests is answered 429 naming the limit, over REST, the Open Inference
/// Protocol and the SDK alike, while other keys go on. Requests are held in progress by bodies a test releases.
/// </summary>
public sealed class KeyLimitsTests : IAsyncLifetime
{
    private const int Concurrent = 2;
    private const string Row = """{"X1": 1.5, "X2": -0.5}""";

    private TestSilo? _silo;

    private TestSilo Silo => _silo!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(new Dictionary<string, string?>
    {
        ["Mle:Limits:MaxConcurrentRequestsPerKey"] = Concurrent.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Requests_over_a_keys_concurrent_limit_get_429_naming_it_and_another_key_is_unaffected()
    {
        var name = RestCalls.UniqueName("limited");
        await Silo.Http.RegisterModel(name, TestModels.BinaryClassifier);
        var (busyKey, busyId) = await Keys.Create(Silo.Http, "scorer");
        var (otherKey, _) = await Keys.Create(Silo.Http, "scorer");
        using var busy = Silo.ClientWithKey(busyKey);
        using var other = Silo.ClientWithKey(otherKey);
        var score = $"/api/v1/models/{name}/versions/1/score";

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Enumerable.Range(0, Concurrent)
            .Select(_ => busy.PostAsync(score, new GatedContent("""{"rows": [""", Row + "]}", gate.Task)))
            .ToList();
        try
        {
            var limits = Silo.Services.GetRequiredService<KeyRequestLimits>();
            await Eventually.Holds(() => Task.FromResult(limits.InProgress(new Caller("default", Role.Scorer, busyId))), n => n == Concurrent,
                TimeSpan.FromSeconds(30), "both held requests in progress");

            var problem = await (await busy.PostJson(score, $$"""{"rows": [{{Row}}]}""")).AssertProblem(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyRequests);
            Assert.Equal("Mle:Limits:MaxConcurrentRequestsPerKey", (string?)problem["limit"]!["setting"]);
            Assert.Equal(Concurrent, (int?)problem["limit"]!["value"]);

            var v2 = await busy.PostJson($"/v2/models/{name}/versions/1/infer",
                """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1.5]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [-0.5]}]}""");
            Assert.Equal(HttpStatusCode.TooManyRequests, v2.StatusCode);
            Assert.Contains("Mle:Limits:MaxConcurrentRequestsPerKey", (string?)JsonNode.Parse(await v2.Content.ReadAsStringAsync())!["error"]);

            (await other.PostJson(score, $$"""{"rows": [{{Row}}]}""")).EnsureSuccessStatusCode();

            await using var sdk = await SdkClient.Connect(Silo, busyKey);
            var refused = await Assert.ThrowsAsync<TooManyRequestsException>(() =>
                sdk.Models.ScoreAsync(name, "1", [new Dictionary<string, object?> { ["X1"] = 1.5f, ["X2"] = -0.5f }]));
            Assert.Equal(ErrorCodes.TooManyRequests, refused.Code);
            Assert.Equal(new ExceededLimit("Mle:Limits:MaxConcurrentRequestsPerKey", Concurrent), refused.Limit);
        }
        finally
        {
            gate.TrySetResult();
        }

        foreach (var response in await Task.WhenAll(held))
        {
            response.EnsureSuccessStatusCode();
        }
        (await busy.PostJson(score, $$"""{"rows": [{{Row}}]}""")).EnsureSuccessStatusCode();
    }
}
