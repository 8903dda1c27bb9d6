using System.Globalization;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Endpoints;

public sealed class EnsembleNodeTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private static readonly double[] Weights = [1, 2, 1];
    private readonly string[] _members = [RestCalls.UniqueName("ens"), RestCalls.UniqueName("ens"), RestCalls.UniqueName("ens")];
    private readonly byte[][] _models = [EndpointModels.Binary, EndpointModels.Leaning, EndpointModels.Steep];
    private readonly (string Customer, float X1, float X2)[] _rows = EndpointCalls.Spread(24);

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < _members.Length; i++)
        {
            await Http.RegisterModel(_members[i], _models[i]);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Ensemble(string combine, string output)
    {
        var members = string.Join(", ", _members.Select((m, i) =>
            string.Create(CultureInfo.InvariantCulture, $$$"""{"node": {"model": "{{{m}}}@1"}, "weight": {{{Weights[i]}}}}""")));
        return $$$"""{"graph": {"ensemble": {"combine": "{{{combine}}}", "output": "{{{output}}}", "members": [""" + members + "]}}}";
    }

    private async Task<JsonArray> Score(string spec)
    {
        var name = RestCalls.UniqueName("ens");
        await Http.PutEndpoint(name, spec);
        var scored = await Http.ScoreEndpoint(name, _rows.Select(r => EndpointCalls.Row(r.Customer, r.X1, r.X2)));
        var routes = scored["routes"]!.AsArray();
        // Every member scored every row, each in one call.
        Assert.All(routes, r => Assert.Equal(_members, r!["models"]!.AsArray().Select(m => (string)m!["model"]!)));
        return scored["predictions"]!.AsArray();
    }

    private EndpointModels.BinaryAnswer[] Answers(int row) =>
        [.. _models.Select(m => EndpointModels.Classify(m, _rows[row].X1, _rows[row].X2))];

    [Fact]
    public async Task A_mean_ensemble_answers_the_plain_mean_of_its_members_probabilities()
    {
        var predictions = await Score(Ensemble("mean", "Probability"));

        for (var i = 0; i < _rows.Length; i++)
        {
            var sum = 0.0;
            foreach (var answer in Answers(i))
            {
                sum += answer.Probability;
            }
            // The answer is the one combined column.
            var only = Assert.Single(predictions[i]!.AsObject());
            Assert.Equal("Probability", only.Key);
            Assert.Equal(sum / _models.Length, (double)only.Value!);
        }
    }

    [Fact]
    public async Task A_weighted_mean_ensemble_answers_the_sum_of_weight_times_probability_over_the_sum_of_weights()
    {
        var predictions = await Score(Ensemble("weightedMean", "Probability"));

        for (var i = 0; i < _rows.Length; i++)
        {
            var answers = Answers(i);
            var sum = 0.0;
            for (var m = 0; m < answers.Length; m++)
            {
                sum += Weights[m] * answers[m].Probability;
            }
            Assert.Equal(sum / Weights.Sum(), (double)predictions[i]!["Probability"]!);
        }
    }

    [Fact]
    public async Task A_vote_ensemble_answers_the_label_with_the_largest_total_weight_and_a_tie_goes_to_the_earliest_member()
    {
        var predictions = await Score(Ensemble("vote", "PredictedLabel"));

        var ties = 0;
        for (var i = 0; i < _rows.Length; i++)
        {
            var answers = Answers(i);
            var yes = answers.Select((a, m) => a.PredictedLabel ? Weights[m] : 0).Sum();
            var no = Weights.Sum() - yes;
            var expected = yes == no ? answers[0].PredictedLabel : yes > no;
            ties += yes == no ? 1 : 0;
            Assert.Equal(expected, (bool)predictions[i]!["PredictedLabel"]!);
        }
        // The rows are chosen so that the tie rule is exercised, not just majorities.
        Assert.InRange(ties, 1, _rows.Length - 1);
    }
}
