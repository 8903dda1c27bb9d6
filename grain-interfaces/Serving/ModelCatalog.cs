using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// The <see cref="IModelCatalog"/> used inside every silo and by the out-of-process SDK, so that a
/// scoring request resolves its version locally and makes exactly one grain call (to the scoring worker).
/// </summary>
/// <remarks>
/// <para>
/// Staleness: a model's <see cref="ServingSnapshot"/> (aliases, statuses, archived versions) is read from
/// the model grain and is never used after <see cref="CatalogOptions.CatalogRefreshInterval"/> has passed:
/// a request that finds it that old waits for a fresh read. Under traffic that never happens, because a
/// snapshot past half its interval is re-read in the background while requests keep using it. Inside a silo the
/// model grain also pushes an invalidation to every active silo after each change, so an alias move is
/// normally visible within one message round-trip; the interval bounds staleness when a push is lost
/// (and is the only mechanism for SDK clients outside the cluster). A model that does not exist is
/// remembered as missing for the same interval.
/// </para>
/// <para>
/// Version details are immutable once Ready, so they are cached without expiry in a bounded
/// least-recently-used map; what can change about a version (archived, aliases) comes from the snapshot.
/// Concurrent misses for the same model or version share one fetch.
/// </para>
/// </remarks>
public sealed class ModelCatalog : IModelCatalog
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;
    private readonly Counter<long>? _refreshes;
    private readonly ConcurrentDictionary<ModelRef, Task<CachedSnapshot>> _snapshots = new();
    private readonly ConcurrentDictionary<ModelRef, Task<CachedSnapshot>> _refreshing = new();
    private readonly LruCache<ModelVersionRef, Task<ModelVersionInfo>> _versions;

    /// <param name="grains">Where snapshots and version details are read from.</param>
    /// <param name="options">The refresh interval and the version cache bound.</param>
    /// <param name="time">The clock that ages snapshots.</param>
    /// <param name="refreshes">Counts snapshot reads (the silo passes <c>MleTelemetry.CatalogRefreshes</c>).</param>
    public ModelCatalog(IGrainFactory grains, IOptions<CatalogOptions> options, TimeProvider time, Counter<long>? refreshes = null)
    {
        _grains = grains;
        _time = time;
        _refreshInterval = options.Value.CatalogRefreshInterval;
        _refreshes = refreshes;
        _versions = new LruCache<ModelVersionRef, Task<ModelVersionInfo>>(options.Value.MaxCachedVersions);
    }

    /// <inheritdoc />
    public async ValueTask<ModelVersionInfo> Resolve(ModelRef model, VersionSelector selector, CancellationToken cancellationToken = default)
    {
        var cached = await Snapshot(model, cancellationToken).ConfigureAwait(false);
        var snapshot = cached.Snapshot ?? throw cached.Missing!;
        var version = ServableVersion(snapshot, selector);
        if (cached.Served.TryGetValue(version, out var served))
        {
            return served;
        }
        var info = await VersionDetails(model.Version(version), cancellationToken).ConfigureAwait(false);
        // A snapshot never changes, so a version's details with its aliases are worked out once per snapshot.
        return cached.Served.GetOrAdd(version, WithServingFacts(info, snapshot));
    }

    /// <inheritdoc />
    public void Invalidate(ModelRef model) => _snapshots.TryRemove(model, out _);

    private async ValueTask<CachedSnapshot> Snapshot(ModelRef model, CancellationToken cancellationToken)
    {
        var current = _snapshots.TryGetValue(model, out var existing) ? existing : Start(model, expired: null);
        var cached = current.IsCompletedSuccessfully ? current.Result : await Await(model, current, cancellationToken).ConfigureAwait(false);
        var age = _time.GetElapsedTime(cached.ReadAt);
        if (age > _refreshInterval)
        {
            return await Await(model, Start(model, expired: current), cancellationToken).ConfigureAwait(false);
        }
        if (age > _refreshInterval / 2)
        {
            RefreshAhead(model, current);
        }
        return cached;
    }

    /// <summary>
    /// Past half its interval, a snapshot is re-read in the background while requests go on using it, so
    /// steady traffic never waits for the registry; only a snapshot past the full interval makes a request wait.
    /// </summary>
    private void RefreshAhead(ModelRef model, Task<CachedSnapshot> current)
    {
        var read = new TaskCompletionSource<CachedSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_refreshing.TryAdd(model, read.Task))
        {
            _ = CompleteAhead(read, model, current);
        }
    }

    private async Task CompleteAhead(TaskCompletionSource<CachedSnapshot> read, ModelRef model, Task<CachedSnapshot> current)
    {
        try
        {
            await Complete(read, model).ConfigureAwait(false);
            if (read.Task.IsCompletedSuccessfully)
            {
                // Replaces only the snapshot it refreshes: an invalidation or a newer read in between wins.
                _snapshots.TryUpdate(model, read.Task, current);
            }
        }
        finally
        {
            _refreshing.TryRemove(model, out _);
        }
    }

    /// <summary>
    /// Starts one read of <paramref name="model"/> unless another caller already did: the first caller to
    /// install its read (in place of nothing, or of the <paramref name="expired"/> one) wins, the rest share it.
    /// </summary>
    private Task<CachedSnapshot> Start(ModelRef model, Task<CachedSnapshot>? expired)
    {
        var read = new TaskCompletionSource<CachedSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var installed = expired is null
            ? _snapshots.GetOrAdd(model, read.Task) == read.Task
            : _snapshots.TryUpdate(model, read.Task, expired);
        if (!installed)
        {
            return _snapshots.TryGetValue(model, out var other) ? other : Start(model, expired: null);
        }
        _ = Complete(read, model);
        return read.Task;
    }

    private async Task Complete(TaskCompletionSource<CachedSnapshot> read, ModelRef model)
    {
        var readAt = _time.GetTimestamp();
        try
        {
            _refreshes?.Add(1);
            var snapshot = await _grains.GetGrain<IModelGrain>(model.Key).GetServingSnapshot().ConfigureAwait(false);
            read.SetResult(new CachedSnapshot(snapshot, null, readAt));
        }
        catch (ModelNotFoundException missing)
        {
            read.SetResult(new CachedSnapshot(null, missing, readAt));
        }
        catch (Exception error)
        {
            read.SetException(error);
        }
    }

    private async Task<CachedSnapshot> Await(ModelRef model, Task<CachedSnapshot> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (read.IsFaulted)
        {
            // A transient failure is not cached: the next request reads again.
            _snapshots.TryRemove(new KeyValuePair<ModelRef, Task<CachedSnapshot>>(model, read));
            throw;
        }
    }

    private static int ServableVersion(ServingSnapshot snapshot, VersionSelector selector)
    {
        int version;
        if (selector.Alias is { } alias)
        {
            if (!snapshot.Aliases.TryGetValue(alias, out version))
            {
                throw MleErrors.AliasNotFound(snapshot.Model, alias);
            }
            if (snapshot.Archived.Contains(version))
            {
                throw MleErrors.VersionArchived(snapshot.Model, version);
            }
        }
        else if (selector.IsLatest)
        {
            version = snapshot.Versions.Where(v => v.Value == VersionStatus.Ready && !snapshot.Archived.Contains(v.Key))
                .Select(v => v.Key).DefaultIfEmpty(0).Max();
            if (version == 0)
            {
                throw MleErrors.VersionNotFound(snapshot.Model, selector.ToString());
            }
        }
        else
        {
            version = selector.Number!.Value;
        }

        if (!snapshot.Versions.TryGetValue(version, out var status))
        {
            throw MleErrors.VersionNotFound(snapshot.Model, selector.ToString());
        }
        return status == VersionStatus.Ready ? version : throw MleErrors.VersionNotReady(snapshot.Model, version, status.ToString());
    }

    private async Task<ModelVersionInfo> VersionDetails(ModelVersionRef version, CancellationToken cancellationToken)
    {
        var fetch = _versions.GetOrAdd(version, FetchVersion);
        try
        {
            return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (fetch.IsFaulted)
        {
            // Only Ready details are immutable; a failure or a version not yet Ready is read again next time.
            _versions.Remove(version, fetch);
            throw;
        }
    }

    private async Task<ModelVersionInfo> FetchVersion(ModelVersionRef version)
    {
        var info = await _grains.GetGrain<IModelVersionGrain>(version.Key).Get().ConfigureAwait(false);
        return info.Status == VersionStatus.Ready
            ? info
            : throw MleErrors.VersionNotReady(version.Model, version.Version, info.Status.ToString());
    }

    private static ModelVersionInfo WithServingFacts(ModelVersionInfo info, ServingSnapshot snapshot)
    {
        var archived = snapshot.Archived.Contains(info.Version);
        var aliases = snapshot.Aliases.Where(a => a.Value == info.Version).Select(a => a.Key).Order(StringComparer.Ordinal).ToArray();
        return archived == info.Archived && aliases.SequenceEqual(info.Aliases)
            ? info
            : info with { Archived = archived, Aliases = aliases };
    }

    /// <summary>
    /// One read of a model: its snapshot, or the proof that it does not exist, and when it was read;
    /// <see cref="Served"/> holds the version details already resolved against this snapshot.
    /// </summary>
    private sealed record CachedSnapshot(ServingSnapshot? Snapshot, NotFoundException? Missing, long ReadAt)
    {
        public ConcurrentDictionary<int, ModelVersionInfo> Served { get; } = new();
    }
}
