using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Registry;
using Mle.Telemetry;

namespace Mle.Scoring;

/// <summary>
/// The silo's loaded models, keyed by artifact SHA-256: every scoring activation of every version with
/// the same bytes shares one load. Bounded by <see cref="ScoringOptions.CacheMaxModels"/> and
/// <see cref="ScoringOptions.CacheMaxBytes"/> (an artifact's size is its weight), least recently used first out.
/// Concurrent requests for a model that is loading wait for that one load; a failed load is not kept,
/// so the next request tries again.
/// </summary>
public sealed class LoadedModelCache : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recently used first
    private readonly ConcurrentDictionary<string, long> _loads = new(StringComparer.Ordinal);
    private readonly IArtifactStore _store;
    private readonly ScoringOptions _options;
    private long _bytes;
    private long _totalLoads;

    public LoadedModelCache(IArtifactStore store, IOptions<ScoringOptions> options)
    {
        _store = store;
        _options = options.Value;
    }

    /// <summary>How many models are cached (loaded or loading).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>How many artifact loads this silo has started, in total.</summary>
    public long TotalLoads => Interlocked.Read(ref _totalLoads);

    /// <summary>How many times this silo has loaded the artifact with <paramref name="sha256"/>.</summary>
    public long LoadsOf(string sha256) => _loads.TryGetValue(sha256, out var count) ? count : 0;

    /// <summary>Whether the artifact is cached (loaded or loading) right now.</summary>
    public bool Contains(string sha256)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(sha256);
        }
    }

    /// <summary>
    /// The model for <paramref name="artifact"/>, loaded on first use. Dispose the lease when the call is done:
    /// an evicted model is freed only once no lease holds it.
    /// </summary>
    public async Task<ModelLease> Acquire(ArtifactRef artifact, ModelFlavor flavor, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var entry = Lookup(artifact, flavor);
            var model = await entry.Model.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (model.TryRetain())
            {
                return new ModelLease(model);
            }
            // Evicted and freed between the lookup and now: look again, which loads it afresh.
        }
    }

    /// <summary>
    /// A lease on <paramref name="artifact"/>'s model when it is loaded already (and then marked as used), or null: the
    /// caller then awaits <see cref="Acquire"/>. The hot path of scoring, without a task per call.
    /// </summary>
    public ModelLease? TryAcquireLoaded(ArtifactRef artifact)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(artifact.Sha256, out var node) || !node.Value.Model.IsCompletedSuccessfully
                || !node.Value.Model.Result.TryRetain())
            {
                return null;
            }
            _recency.Remove(node);
            _recency.AddFirst(node);
            MleTelemetry.ModelCacheHits.Add(1);
            return new ModelLease(node.Value.Model.Result);
        }
    }

    private Entry Lookup(ArtifactRef artifact, ModelFlavor flavor)
    {
        Entry entry;
        List<Entry> evicted;
        lock (_gate)
        {
            if (_entries.TryGetValue(artifact.Sha256, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                MleTelemetry.ModelCacheHits.Add(1);
                return node.Value;
            }
            MleTelemetry.ModelCacheMisses.Add(1);
            entry = new Entry(artifact);
            _entries.Add(artifact.Sha256, _recency.AddFirst(entry));
            _bytes += artifact.SizeBytes;
            evicted = EvictOverLimits(keep: entry);
        }
        foreach (var old in evicted)
        {
            Evicted(old);
        }
        // Started outside the lock; callers that find the entry meanwhile await the same task.
        _ = Load(entry, flavor);
        return entry;
    }

    private List<Entry> EvictOverLimits(Entry keep)
    {
        var evicted = new List<Entry>();
        var node = _recency.Last;
        while (node is not null && (_entries.Count > _options.CacheMaxModels || _bytes > _options.CacheMaxBytes))
        {
            var previous = node.Previous;
            // A model still loading has waiters; it becomes evictable once it has loaded. The new entry stays
            // even when it alone is over the byte limit: serving it is the point of loading it.
            if (node.Value != keep && node.Value.Model.IsCompleted)
            {
                Remove(node);
                evicted.Add(node.Value);
            }
            node = previous;
        }
        return evicted;
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Artifact.Sha256);
        _bytes -= node.Value.Artifact.SizeBytes;
    }

    private static void Evicted(Entry entry)
    {
        MleTelemetry.ModelCacheEvictions.Add(1);
        if (entry.Model.IsCompletedSuccessfully)
        {
            entry.Model.Result.Release(); // the cache's own reference; leases in use keep the model alive
        }
    }

    private async Task Load(Entry entry, ModelFlavor flavor)
    {
        Interlocked.Increment(ref _totalLoads);
        _loads.AddOrUpdate(entry.Artifact.Sha256, 1, static (_, count) => count + 1);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var model = await LoadFromStore(entry.Artifact, flavor).ConfigureAwait(false);
            MleTelemetry.ModelLoadDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("flavor", flavor.ToWireName()));
            entry.Loaded.SetResult(model);
        }
        catch (Exception ex)
        {
            Forget(entry);
            entry.Loaded.SetException(ex);
        }
    }

    private async Task<LoadedModel> LoadFromStore(ArtifactRef artifact, ModelFlavor flavor)
    {
        // Loads are shared by many callers, so no single caller's cancellation stops one.
        byte[] bytes;
        await using (var stream = await _store.Open(artifact).ConfigureAwait(false))
        {
            bytes = await ReadAll(stream, artifact.SizeBytes).ConfigureAwait(false);
        }
        return await ModelLoader.Load(bytes, flavor).ConfigureAwait(false);
    }

    /// <summary>
    /// The artifact's bytes in one array of its recorded size (a growing buffer and its copy were two large arrays per
    /// load); a stream that is not that size is read the general way, so a wrong record cannot cut a model short.
    /// </summary>
    private static async Task<byte[]> ReadAll(Stream stream, long size)
    {
        if (size is > 0 and < int.MaxValue)
        {
            var bytes = new byte[size];
            var filled = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false).ConfigureAwait(false);
            var beyond = new byte[1];
            var extra = filled == bytes.Length ? await stream.ReadAsync(beyond).ConfigureAwait(false) : 0;
            if (filled == bytes.Length && extra == 0)
            {
                return bytes;
            }
            using var other = new MemoryStream();
            other.Write(bytes, 0, filled);
            other.Write(beyond, 0, extra);
            await stream.CopyToAsync(other).ConfigureAwait(false);
            return other.ToArray();
        }
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private void Forget(Entry entry)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Artifact.Sha256, out var node) && node.Value == entry)
            {
                Remove(node);
            }
        }
    }

    public void Dispose()
    {
        List<Entry> all;
        lock (_gate)
        {
            all = [.. _recency];
            _recency.Clear();
            _entries.Clear();
            _bytes = 0;
        }
        foreach (var entry in all.Where(e => e.Model.IsCompletedSuccessfully))
        {
            entry.Model.Result.Release();
        }
    }

    private sealed class Entry(ArtifactRef artifact)
    {
        public ArtifactRef Artifact { get; } = artifact;

        public TaskCompletionSource<LoadedModel> Loaded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<LoadedModel> Model => Loaded.Task;
    }
}
