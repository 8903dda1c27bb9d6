using System.Net;
using Mle.Data;
using Mle.Naming;
using Mle.Scoring;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;
using Orleans.Runtime;

namespace Mle.Tests.Integration.Api;

/// <summary>
/// Inside a silo the serving seam scores inline by default (<c>Mle:Serving:InlineScoring</c>), with the code the
/// scoring-worker grain runs; switched off, every request is a call to that grain. Either way a caller gets the same
/// answer and the same errors.
/// </summary>
public sealed class InlineScoringTests
{
    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public async Task Rest_scoring_is_inline_unless_switched_off_and_answers_what_the_scoring_worker_answers(bool inline, int expectedWorkers)
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Serving:InlineScoring"] = inline ? "true" : "false" });
        var model = RestCalls.UniqueName("inline");
        await silo.Http.RegisterModel(model, TestModels.BinaryClassifier);
        var rows = TestData.BinaryRows(5, seed: 3);

        var response = await silo.Http.PostJson($"/api/v1/models/{model}/versions/1/score",
            "{\"rows\": [" + string.Join(", ", rows.Select(r => FormattableString.Invariant($"{{\"X1\": {r.X1:R}, \"X2\": {r.X2:R}}}"))) + "]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await response.Json())["predictions"]!.AsArray();
        var workers = await ScoringWorkerActivations(silo);

        var key = ModelRef.Create(Names.DefaultTenant, model).Version(1).Key;
        var direct = await silo.Grains.GetGrain<IScoringWorker>(key).Score(TestData.ToBatch(rows));
        var probability = (Column<float>)direct.Columns.Single(c => c.Name == "Probability");
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(probability.Values[i], (float)predictions[i]!["Probability"]!, 5);
        }
        Assert.Equal(expectedWorkers, workers);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_missing_input_is_the_same_400_inline_or_through_the_grain(bool inline)
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Serving:InlineScoring"] = inline ? "true" : "false" });
        var model = RestCalls.UniqueName("inline");
        await silo.Http.RegisterModel(model, TestModels.BinaryClassifier);

        var response = await silo.Http.PostJson($"/api/v1/models/{model}/versions/1/score", """{"columns": {"X1": [1.0]}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal("schema_mismatch", (string?)problem["code"]);
        Assert.Contains("'X2'", (string?)problem["detail"], StringComparison.Ordinal);
    }

    private static async Task<int> ScoringWorkerActivations(TestSilo silo)
    {
        var statistics = await silo.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(ScoringWorker), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
