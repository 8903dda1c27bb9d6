using Mle.Data;
using Mle.Endpoints;

namespace Mle.Tests.Unit.Endpoints;

public sealed class EndpointCombinationTests : IAsyncLifetime
{
    private readonly EndpointWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    private static string Ensemble(string combine, string output, string weights = "1, 1, 1") =>
        """
        {"graph": {"ensemble": {"combine": "COMBINE", "output": "OUTPUT", "members": [
            {"node": {"model": "t@1"}, "weight": W0},
            {"node": {"model": "t@2"}, "weight": W1},
            {"node": {"model": "m"}, "weight": W2}]}}}
        """.Replace("COMBINE", combine, StringComparison.Ordinal).Replace("OUTPUT", output, StringComparison.Ordinal)
        .Replace("W0", weights.Split(", ")[0], StringComparison.Ordinal).Replace("W1", weights.Split(", ")[1], StringComparison.Ordinal)
        .Replace("W2", weights.Split(", ")[2], StringComparison.Ordinal);

    private async Task<object?[]> Outputs(string spec, string column, float[] a, float[] b)
    {
        var endpoint = await _world.Put("e", spec);
        var score = await _world.Score(endpoint, EndpointWorld.Floats("A", a), EndpointWorld.Floats("B", b));
        return [.. Enumerable.Range(0, a.Length).Select(row =>
        {
            var (outputs, at) = score.Prediction(row);
            return ColumnRows.Value(outputs[column], at);
        })];
    }

    [Fact]
    public async Task Mean_is_the_plain_mean_of_the_members_outputs()
    {
        var outputs = await Outputs(Ensemble("mean", "Probability", "1, 2, 3"), "Probability", [0.2f, 0.9f], [0.4f, 0.1f]);

        // t@1 = A, t@2 = B, m = A * B; weights are ignored by mean.
        Assert.Equal(((double)0.2f + 0.4f + 0.2f * 0.4f) / 3, (double)outputs[0]!, 12);
        Assert.Equal(((double)0.9f + 0.1f + 0.9f * 0.1f) / 3, (double)outputs[1]!, 12);
    }

    [Fact]
    public async Task Weighted_mean_weighs_each_member()
    {
        var outputs = await Outputs(Ensemble("weightedMean", "Probability", "1, 2, 3"), "Probability", [0.2f], [0.4f]);

        Assert.Equal((1 * (double)0.2f + 2 * (double)0.4f + 3 * (double)(0.2f * 0.4f)) / 6, (double)outputs[0]!, 12);
    }

    [Fact]
    public async Task Vote_takes_the_label_with_the_largest_total_weight()
    {
        // Labels: t@1 = A > 0.5, t@2 = B > 0.5, m = A*B > 0.5.
        var equal = await Outputs(Ensemble("vote", "PredictedLabel"), "PredictedLabel", [0.9f, 0.9f, 0.1f], [0.9f, 0.1f, 0.9f]);
        var heavyM = await Outputs(Ensemble("vote", "PredictedLabel", "1, 1, 3"), "PredictedLabel", [0.9f], [0.1f]);

        Assert.Equal([true, false, false], equal);
        // t@1 says true (1), t@2 false (1), m false (3).
        Assert.Equal([false], heavyM);
    }

    [Fact]
    public async Task A_tie_goes_to_the_earliest_member_s_label()
    {
        var spec = """
            {"graph": {"ensemble": {"combine": "vote", "output": "PredictedLabel", "members": [{"node": {"model": "t@2"}}, {"node": {"model": "t@1"}}]}}}
            """;

        // t@2 (first) says B > 0.5 = false; t@1 says true.
        Assert.Equal([false], await Outputs(spec, "PredictedLabel", [0.9f], [0.1f]));
    }

    [Fact]
    public async Task A_chain_feeds_each_step_s_outputs_to_the_next_by_column_name()
    {
        var outputs = await Outputs("""{"graph": {"chain": [{"model": "m"}, {"model": "tenfold"}]}}""", "Final", [0.5f, 0.2f], [0.3f, 1f]);

        Assert.Equal([0.5f * 0.3f * 10, 0.2f * 1f * 10], outputs.Select(o => (float)(double)o!));
    }

    [Fact]
    public async Task An_ensemble_of_a_chain_and_a_model_combines_the_chain_s_last_output()
    {
        var spec = """
            {"graph": {"ensemble": {"combine": "mean", "output": "Probability", "members": [
                {"node": {"chain": [{"model": "t@2"}, {"model": "m"}]}}, {"node": {"model": "t@1"}}]}}}
            """;

        // The chain's m reads A and B from the request (t@2 produces neither): A * B.
        var outputs = await Outputs(spec, "Probability", [0.5f], [0.4f]);

        Assert.Equal(((double)(0.5f * 0.4f) + 0.5f) / 2, (double)outputs[0]!, 12);
    }
}
