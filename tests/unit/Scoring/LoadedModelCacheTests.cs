using Microsoft.Extensions.Options;
using Mle.Data;
using Mle.Errors;
using Mle.Registry;
using Mle.Scoring;
using Mle.Tests.Support;

namespace Mle.Tests.Unit.Scoring;

public sealed class LoadedModelCacheTests : IDisposable
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    private readonly TemporaryArtifactStore _store = new();

    [Fact]
    public async Task Concurrent_requests_for_one_artifact_share_a_single_load()
    {
        using var cache = Cache();
        var artifact = await _store.Put(TestModels.OnnxLogistic).WaitAsync(Bounded);
        var gate = _store.HoldOpens();

        var requests = Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.Acquire(artifact, ModelFlavor.Onnx))).ToArray();
        await _store.FirstOpen.WaitAsync(Bounded);
        gate.SetResult();
        var leases = await Task.WhenAll(requests).WaitAsync(Bounded);

        Assert.Single(leases.Select(l => l.Model).Distinct());
        Assert.Equal(1, cache.LoadsOf(artifact.Sha256));
        Assert.Equal(1, _store.Opens);
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task A_cached_model_is_not_loaded_again()
    {
        using var cache = Cache();
        var artifact = await _store.Put(TestModels.BinaryClassifier).WaitAsync(Bounded);

        using (await cache.Acquire(artifact, ModelFlavor.MlNet).WaitAsync(Bounded))
        {
        }
        using var again = await cache.Acquire(artifact, ModelFlavor.MlNet).WaitAsync(Bounded);

        Assert.Equal(1, cache.LoadsOf(artifact.Sha256));
        Assert.Equal(1, cache.TotalLoads);
    }

    [Fact]
    public async Task The_least_recently_used_model_is_evicted_when_over_the_count()
    {
        using var cache = Cache(maxModels: 2);
        var a = await _store.Put(TestModels.OnnxLogistic).WaitAsync(Bounded);
        var b = await _store.Put(TestModels.OnnxStringsAndIntegers).WaitAsync(Bounded);
        var c = await _store.Put(TestModels.BinaryClassifier).WaitAsync(Bounded);

        await Use(cache, a, ModelFlavor.Onnx);
        await Use(cache, b, ModelFlavor.Onnx);
        await Use(cache, a, ModelFlavor.Onnx);
        await Use(cache, c, ModelFlavor.MlNet);

        Assert.True(cache.Contains(a.Sha256));
        Assert.False(cache.Contains(b.Sha256));
        Assert.True(cache.Contains(c.Sha256));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task Models_are_evicted_when_their_bytes_exceed_the_limit()
    {
        var a = await _store.Put(TestModels.BinaryClassifier).WaitAsync(Bounded);
        var b = await _store.Put(TestModels.RegressionModel).WaitAsync(Bounded);
        using var cache = Cache(maxBytes: a.SizeBytes + b.SizeBytes - 1);

        await Use(cache, a, ModelFlavor.MlNet);
        await Use(cache, b, ModelFlavor.MlNet);

        Assert.False(cache.Contains(a.Sha256));
        Assert.True(cache.Contains(b.Sha256));
    }

    [Fact]
    public async Task A_failed_load_is_not_cached_and_the_next_request_tries_again()
    {
        using var cache = Cache();
        var broken = await _store.Put("not a model at all"u8.ToArray()).WaitAsync(Bounded);

        await Assert.ThrowsAsync<InvalidArtifactException>(() => cache.Acquire(broken, ModelFlavor.Onnx).WaitAsync(Bounded));
        Assert.False(cache.Contains(broken.Sha256));
        await Assert.ThrowsAsync<InvalidArtifactException>(() => cache.Acquire(broken, ModelFlavor.Onnx).WaitAsync(Bounded));

        Assert.Equal(2, cache.LoadsOf(broken.Sha256));
    }

    [Fact]
    public async Task A_model_evicted_while_in_use_keeps_scoring_until_its_lease_ends()
    {
        using var cache = Cache(maxModels: 1);
        var onnx = await _store.Put(TestModels.OnnxLogistic).WaitAsync(Bounded);
        var other = await _store.Put(TestModels.BinaryClassifier).WaitAsync(Bounded);
        var input = new ColumnBatch(1, [Column.Create("x", 3, new[] { 1f, 2f, 3f })]);

        using var lease = await cache.Acquire(onnx, ModelFlavor.Onnx).WaitAsync(Bounded);
        await Use(cache, other, ModelFlavor.MlNet);
        Assert.False(cache.Contains(onnx.Sha256));

        var predictions = lease.Model.CreateEngine(new ScoringOptions()).Score(input);

        Assert.Equal(1, predictions.RowCount);
        using var reloaded = await cache.Acquire(onnx, ModelFlavor.Onnx).WaitAsync(Bounded);
        Assert.NotSame(lease.Model, reloaded.Model);
        Assert.Equal(2, cache.LoadsOf(onnx.Sha256));
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_model_used_for_scoring_and_then_evicted_is_freed_with_its_engines()
    {
        using var cache = Cache(maxModels: 1);
        var classifier = await _store.Put(TestModels.BinaryClassifier);
        var regression = await _store.Put(TestModels.RegressionModel);

        var evicted = await ScoreOnceAndForget(cache, classifier);
        using (await cache.Acquire(regression, ModelFlavor.MlNet))
        {
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Nothing outside the cache (no engine, no scoring activation) may keep an evicted model reachable.
        Assert.False(evicted.IsAlive);
    }

    /// <summary>Scores one batch the way a worker does and keeps only a weak reference to the model.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> ScoreOnceAndForget(LoadedModelCache cache, ArtifactRef artifact)
    {
        using var lease = await cache.Acquire(artifact, ModelFlavor.MlNet);
        lease.Model.Score(TestData.ToBatch(TestData.BinaryRows(4, seed: 1)), new ScoringOptions());
        return new WeakReference(lease.Model);
    }

    private LoadedModelCache Cache(int maxModels = 64, long maxBytes = long.MaxValue) =>
        new(_store, Options.Create(new ScoringOptions { CacheMaxModels = maxModels, CacheMaxBytes = maxBytes }));

    private static async Task Use(LoadedModelCache cache, ArtifactRef artifact, ModelFlavor flavor)
    {
        using var lease = await cache.Acquire(artifact, flavor).WaitAsync(Bounded);
    }
}
