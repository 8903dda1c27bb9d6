using Mle.Errors;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Cluster;

[Collection(RegistryClusterCollection.Name)]
public sealed class ServingClusterTests(RegistryCluster cluster)
{
    /// <summary>Far below <see cref="RegistryCluster.RefreshInterval"/>: only a push can explain a change seen this fast.</summary>
    private static readonly TimeSpan PushDeadline = TimeSpan.FromSeconds(5);

    private static readonly IReadOnlyDictionary<string, object?>[] Rows =
    [
        new Dictionary<string, object?> { ["X1"] = 1.5f, ["X2"] = 0.5f, ["Label"] = false },
        new Dictionary<string, object?> { ["X1"] = -1.5, ["X2"] = -1, ["Label"] = false },
    ];

    [Fact]
    public async Task Scoring_works_from_either_silo_with_the_same_predictions()
    {
        var name = Registration.UniqueName("score");
        await cluster.Models(0).CreateAsync(name);
        await cluster.Models(0).RegisterClassifier(name);

        var fromFirst = await cluster.Models(0).ScoreAsync(name, "1", Rows);
        var fromSecond = await cluster.Models(1).ScoreAsync(name, "1", TestData.ToBatch(TestData.BinaryRows(2, seed: 3)));

        Assert.Equal(1, fromFirst.Version);
        Assert.Equal(2, fromFirst.Predictions.RowCount);
        Assert.Equal(2, fromSecond.Predictions.RowCount);
        var again = await cluster.Models(1).ScoreAsync(name, "1", Rows);
        Assert.Equal(
            fromFirst.Predictions.Columns.Select(c => (c.Name, c.RawValues.Cast<object>().ToArray())),
            again.Predictions.Columns.Select(c => (c.Name, c.RawValues.Cast<object>().ToArray())));
    }

    [Fact]
    public async Task Each_silo_loads_an_artifact_once_under_concurrent_requests()
    {
        var name = Registration.UniqueName("once");
        await cluster.Models(0).CreateAsync(name);
        // No other test in this cluster registers this model, so every load counted is this test's.
        var version = await cluster.Models(0).RegisterVersionAsync(name, new MemoryStream(TestModels.RegressionModel));
        var batch = TestData.ToBatch(TestData.RegressionRows(4, seed: 5));

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => cluster.Models(i % 2).ScoreAsync(name, "1", batch)));

        Assert.Equal(1, cluster.ModelCache(0).LoadsOf(version.Artifact!.Sha256));
        Assert.Equal(1, cluster.ModelCache(1).LoadsOf(version.Artifact.Sha256));
    }

    [Fact]
    public async Task An_alias_move_reaches_both_silos_by_push()
    {
        var name = Registration.UniqueName("move");
        await cluster.Models(0).CreateAsync(name);
        await cluster.Models(0).RegisterClassifier(name);
        await cluster.Models(0).RegisterClassifier(name);
        await cluster.Models(0).SetAliasAsync(name, "champion", 1);
        Assert.Equal("v1", await cluster.Models(0).Outcome(name, "champion"));
        Assert.Equal("v1", await cluster.Models(1).Outcome(name, "champion"));

        await cluster.Models(1).SetAliasAsync(name, "champion", 2);

        foreach (var silo in new[] { 0, 1 })
        {
            await Eventually.Holds(() => cluster.Models(silo).Outcome(name, "champion"), o => o == "v2", PushDeadline, $"champion -> v2 on silo {silo}");
        }
        var scored = await cluster.Models(0).ScoreAsync(name, "champion", Rows);
        Assert.Equal(2, scored.Version);
    }

    [Fact]
    public async Task An_archived_version_is_not_servable_through_an_alias_on_any_silo()
    {
        var name = Registration.UniqueName("unserve");
        await cluster.Models(0).CreateAsync(name);
        await cluster.Models(0).RegisterClassifier(name);
        await cluster.Models(0).SetAliasAsync(name, "champion", 1);
        Assert.Equal("v1", await cluster.Models(0).Outcome(name, "champion"));
        Assert.Equal("v1", await cluster.Models(1).Outcome(name, "champion"));

        await cluster.Models(0).ArchiveVersionAsync(name, 1);

        foreach (var silo in new[] { 0, 1 })
        {
            await Eventually.Holds(() => cluster.Models(silo).Outcome(name, "champion"), o => o == ErrorCodes.AliasNotFound, PushDeadline, $"champion gone on silo {silo}");
            var error = await Assert.ThrowsAsync<AliasNotFoundException>(() => cluster.Models(silo).ScoreAsync(name, "champion", Rows));
            Assert.Equal(ErrorCodes.AliasNotFound, error.Code);
        }
    }

    [Fact]
    public async Task A_model_created_after_a_miss_is_servable_at_once()
    {
        var name = Registration.UniqueName("late");
        Assert.Equal(ErrorCodes.ModelNotFound, await cluster.Models(1).Outcome(name, "1"));

        await cluster.Models(0).CreateAsync(name);
        await cluster.Models(0).RegisterClassifier(name);

        await Eventually.Holds(() => cluster.Models(1).Outcome(name, "1"), o => o == "v1", PushDeadline, "version 1 on silo 1");
    }

    [Fact]
    public async Task Scoring_rows_with_a_wrong_type_names_the_column()
    {
        var name = Registration.UniqueName("wrong");
        await cluster.Models(0).CreateAsync(name);
        await cluster.Models(0).RegisterClassifier(name);
        var rows = new[] { new Dictionary<string, object?> { ["X1"] = "high", ["X2"] = 1f, ["Label"] = false } };

        var error = await Assert.ThrowsAsync<SchemaMismatchException>(() => cluster.Models(1).ScoreAsync(name, "1", rows));

        Assert.Equal("X1", error.Target);
    }

    [Fact]
    public async Task An_unknown_version_or_alias_is_not_found()
    {
        var name = Registration.UniqueName("unknown");
        await cluster.Models(0).CreateAsync(name);
        await cluster.Models(0).RegisterClassifier(name);

        Assert.Equal(ErrorCodes.VersionNotFound, await cluster.Models(1).Outcome(name, "7"));
        Assert.Equal(ErrorCodes.AliasNotFound, await cluster.Models(1).Outcome(name, "champion"));
    }
}
