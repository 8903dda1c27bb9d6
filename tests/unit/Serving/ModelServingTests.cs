using Microsoft.Extensions.Options;
using Mle.Data;
using Mle.Naming;
using Mle.Registry;
using Mle.Serving;

namespace Mle.Tests.Unit.Serving;

public sealed class ModelServingTests
{
    private static readonly ColumnBatch Rows = new(1, []);

    private readonly FakeRegistry _registry = new();
    private readonly RecordingDispatch _workers = new();

    private ModelServing Serving() =>
        new(new ModelCatalog(_registry, Options.Create(new CatalogOptions()), TimeProvider.System), _workers);

    [Fact]
    public async Task Rows_go_to_the_worker_of_the_version_the_alias_resolves_to()
    {
        _registry.Set(Snapshots.Of("churn", 1, Snapshots.Ready(1, 2), new Dictionary<string, int> { ["champion"] = 2 }));
        var rows = Rows;

        var (version, predictions) = await Serving().Score(ModelRef.Create(Snapshots.Tenant, "churn"), VersionSelector.ForAlias("champion"), rows);

        Assert.Equal(2, version.Version);
        Assert.Equal(["t/churn/2"], _workers.Called);
        Assert.Same(rows, predictions);
    }

    [Fact]
    public async Task An_unversioned_request_goes_to_the_newest_servable_version_without_a_champion()
    {
        _registry.Set(Snapshots.Of("churn", 1, Snapshots.Ready(1, 2, 3), null, 3));

        var (version, _) = await Serving().Score(ModelRef.Create(Snapshots.Tenant, "churn"), VersionSelector.Default, Rows);

        Assert.Equal(2, version.Version);
        Assert.Equal(["t/churn/2"], _workers.Called);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_for_the_worker()
    {
        _registry.Set(Snapshots.Of("churn", 1, Snapshots.Ready(1)));
        _workers.Answer = new TaskCompletionSource<ColumnBatch>().Task; // never answers
        var serving = Serving();
        var version = await serving.Resolve(ModelRef.Create(Snapshots.Tenant, "churn"), VersionSelector.ForVersion(1));
        using var cancel = new CancellationTokenSource();

        var call = serving.Score(version, Rows, cancel.Token);
        Assert.False(call.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>A dispatch that echoes its input (or answers with <see cref="Answer"/>) and records which version was asked.</summary>
    private sealed class RecordingDispatch : IScoringDispatch
    {
        public List<string> Called { get; } = [];

        public Task<ColumnBatch>? Answer { get; set; }

        public Task<ColumnBatch> Score(ModelVersionInfo version, ColumnBatch rows)
        {
            Called.Add(new ModelVersionRef(version.Tenant, version.Model, version.Version).Key);
            return Answer ?? Task.FromResult(rows);
        }
    }
}
