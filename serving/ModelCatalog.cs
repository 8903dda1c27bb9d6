using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// The <see cref="IModelCatalog"/> used inside every silo and by the out-of-process SDK, so that a scoring
/// request resolves its version locally and makes exactly one grain call (to the scoring worker).
/// </summary>
/// <remarks>
/// <para>
/// Freshness: inside a silo the registry pushes each new <see cref="ServingSnapshot"/> to every active silo, so
/// an alias move is normally visible within one message round-trip, and no request waits for it. A snapshot is
/// also trusted for at most <see cref="CatalogOptions.CatalogRefreshInterval"/> (the bound when a push is lost,
/// and the only mechanism for SDK clients): past half of it, traffic re-reads it in the background; past all of
/// it, a request waits for the re-read, but only <see cref="CatalogOptions.StaleRefreshWait"/>, after which (or
/// when the registry fails) it is served by the snapshot in hand. A slow registry — a model grain busy, a silo
/// restarting — therefore never stalls or fails scoring that a previous snapshot can serve.
/// </para>
/// <para>
/// Memory: snapshots are kept for at most <see cref="CatalogOptions.MaxCachedModels"/> models, and a name that
/// does not exist is remembered as missing for <see cref="CatalogOptions.MissingModelTtl"/>. Version details are
/// immutable once Ready and kept in a bounded least-recently-used map; what can change about a version
/// (archived, aliases) comes from the snapshot. Concurrent misses for the same model or version share one read.
/// </para>
/// </remarks>
public sealed class ModelCatalog : IModelCatalog
{
    private readonly IRegistryReader _registry;
    private readonly TimeProvider _time;
    private readonly CatalogOptions _options;
    private readonly Counter<long>? _reads;
    private readonly LruCache<ModelRef, ModelEntry> _models;
    // Made once: a lambda capturing the catalog would be a new delegate on every request's lookup.
    private readonly Func<ModelRef, ModelEntry> _newEntry;
    private readonly LruCache<ModelVersionRef, Task<ModelVersionInfo>> _versions;

    /// <param name="registry">Where snapshots and version details are read from.</param>
    /// <param name="options">Freshness and memory bounds.</param>
    /// <param name="time">The clock that ages snapshots.</param>
    /// <param name="reads">Counts snapshot reads (the silo passes <c>MleTelemetry.CatalogRefreshes</c>).</param>
    public ModelCatalog(IRegistryReader registry, IOptions<CatalogOptions> options, TimeProvider time, Counter<long>? reads = null)
    {
        _registry = registry;
        _time = time;
        _options = options.Value;
        _reads = reads;
        _models = new LruCache<ModelRef, ModelEntry>(_options.MaxCachedModels);
        _newEntry = m => new ModelEntry(m, this);
        _versions = new LruCache<ModelVersionRef, Task<ModelVersionInfo>>(_options.MaxCachedVersions);
    }

    /// <summary>A catalog over the registry's grains.</summary>
    public ModelCatalog(IGrainFactory grains, IOptions<CatalogOptions> options, TimeProvider time, Counter<long>? reads = null)
        : this(new GrainRegistryReader(grains), options, time, reads)
    {
    }

    /// <summary>How many models (existing or remembered as missing) the catalog holds.</summary>
    internal int CachedModels => _models.Count;

    /// <inheritdoc />
    public async ValueTask<ModelVersionInfo> Resolve(ModelRef model, VersionSelector selector, CancellationToken cancellationToken = default)
    {
        var known = await Current(model, cancellationToken).ConfigureAwait(false);
        var snapshot = known.Snapshot ?? throw known.Missing!;
        int version;
        try
        {
            version = VersionChoice.Choose(snapshot, selector);
        }
        catch (MleException miss) when (IsPossiblyStale(miss))
        {
            // A version or alias this snapshot lacks may have been added a moment ago on another silo, with its push
            // still in flight: ask the registry once before answering "not found".
            var fresher = await Recheck(model, known, cancellationToken).ConfigureAwait(false);
            if (fresher is null)
            {
                throw;
            }
            known = fresher;
            snapshot = known.Snapshot!;
            version = VersionChoice.Choose(snapshot, selector);
        }
        if (known.Served.TryGetValue(version, out var served))
        {
            return served;
        }
        var info = await VersionDetails(model.Version(version), cancellationToken).ConfigureAwait(false);
        // A snapshot never changes, so a version's details with its aliases are worked out once per snapshot.
        return known.Served.GetOrAdd(version, WithServingFacts(info, snapshot));
    }

    private static bool IsPossiblyStale(MleException miss) =>
        miss is VersionNotFoundException or AliasNotFoundException || miss.Code == ErrorCodes.VersionNotReady;

    /// <summary>A newer snapshot than <paramref name="known"/> from the registry, or null when there is none (in time).</summary>
    private async ValueTask<Known?> Recheck(ModelRef model, Known known, CancellationToken cancellationToken)
    {
        try
        {
            var read = await Entry(model).Read().WaitAsync(_options.StaleRefreshWait, _time, cancellationToken).ConfigureAwait(false);
            return read.Snapshot is { } fresh && fresh.Revision > known.Snapshot!.Revision ? read : null;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask<ServingSnapshot> Snapshot(ModelRef model, CancellationToken cancellationToken = default)
    {
        var known = await Current(model, cancellationToken).ConfigureAwait(false);
        return known.Snapshot ?? throw known.Missing!;
    }

    /// <inheritdoc />
    public void Apply(ServingSnapshot snapshot)
    {
        // Only models this catalog serves are kept current; one it never asked for is read on first use.
        if (_models.TryGet(ModelRef.Create(snapshot.Tenant, snapshot.Model)) is { } entry)
        {
            entry.Install(new Known(snapshot, null, _time.GetTimestamp()));
        }
    }

    /// <inheritdoc />
    public Task Refresh(ModelRef model, CancellationToken cancellationToken = default) =>
        Entry(model).Read(fresh: true).WaitAsync(cancellationToken);

    private ModelEntry Entry(ModelRef model) => _models.GetOrAdd(model, _newEntry);

    private ValueTask<Known> Current(ModelRef model, CancellationToken cancellationToken)
    {
        var entry = Entry(model);
        var known = entry.Known;
        if (known is null)
        {
            return new ValueTask<Known>(entry.Read().WaitAsync(cancellationToken));
        }
        var lifetime = known.Snapshot is null ? _options.MissingModelTtl : _options.CatalogRefreshInterval;
        var age = _time.GetElapsedTime(known.ReadAt);
        if (age <= lifetime / 2)
        {
            return new ValueTask<Known>(known);
        }
        if (age <= lifetime)
        {
            _ = entry.Read();
            return new ValueTask<Known>(known);
        }
        return ReadOrServeStale(entry, known, cancellationToken);
    }

    /// <summary>
    /// A snapshot past its lifetime is read again; the request waits for that read for a short while, then
    /// takes what the catalog holds (the fresh read if it landed meanwhile, else the stale snapshot).
    /// </summary>
    private async ValueTask<Known> ReadOrServeStale(ModelEntry entry, Known stale, CancellationToken cancellationToken)
    {
        var read = entry.Read();
        try
        {
            return await read.WaitAsync(_options.StaleRefreshWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Slow (TimeoutException) or failing registry: serving the last known routing beats failing the request.
            return entry.Known ?? stale;
        }
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
        var info = await _registry.ReadVersion(version).ConfigureAwait(false);
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
    /// What the catalog knows of one model: its snapshot or the proof that it does not exist, when that was read,
    /// and (in <see cref="Served"/>) the version details already resolved against this snapshot.
    /// </summary>
    private sealed class Known(ServingSnapshot? snapshot, NotFoundException? missing, long readAt, ConcurrentDictionary<int, ModelVersionInfo>? served = null)
    {
        public ServingSnapshot? Snapshot { get; } = snapshot;

        public NotFoundException? Missing { get; } = missing;

        public long ReadAt { get; } = readAt;

        public ConcurrentDictionary<int, ModelVersionInfo> Served { get; } = served ?? new();

        /// <summary>The same facts, read again at <paramref name="at"/>: the resolved versions still hold.</summary>
        public Known ConfirmedAt(long at) => new(Snapshot, Missing, at, Served);
    }

    /// <summary>One model in the catalog: what is known of it, and at most one registry read in flight.</summary>
    private sealed class ModelEntry(ModelRef model, ModelCatalog catalog)
    {
        private readonly Lock _gate = new();
        private Known? _known;
        private Task<Known>? _reading;

        public Known? Known => Volatile.Read(ref _known);

        /// <summary>
        /// Starts a read of the registry, or joins the one in flight; a <paramref name="fresh"/> read never joins
        /// one that may have started before the caller's change.
        /// </summary>
        public Task<Known> Read(bool fresh = false)
        {
            lock (_gate)
            {
                if (!fresh && _reading is { IsCompleted: false } inFlight)
                {
                    return inFlight;
                }
                _reading = ReadOnce();
                return _reading;
            }
        }

        private async Task<Known> ReadOnce()
        {
            await Task.Yield(); // never run the registry call under the caller's lock
            var readAt = catalog._time.GetTimestamp();
            catalog._reads?.Add(1);
            try
            {
                var snapshot = await catalog._registry.ReadSnapshot(model).ConfigureAwait(false);
                return Install(new Known(snapshot, null, readAt));
            }
            catch (ModelNotFoundException missing)
            {
                return Install(new Known(null, missing, readAt));
            }
        }

        /// <summary>
        /// Keeps the newest facts: a read that started before a push may land after it, and must not undo it.
        /// A model never stops existing, so "missing" never replaces a snapshot.
        /// </summary>
        public Known Install(Known candidate)
        {
            while (true)
            {
                var current = Volatile.Read(ref _known);
                Known next;
                if (current?.Snapshot is not { } held)
                {
                    next = candidate;
                }
                else if (candidate.Snapshot is not { } offered || offered.Revision < held.Revision)
                {
                    return current;
                }
                else
                {
                    next = offered.Revision == held.Revision ? current.ConfirmedAt(Math.Max(candidate.ReadAt, current.ReadAt)) : candidate;
                }
                if (Interlocked.CompareExchange(ref _known, next, current) == current)
                {
                    return next;
                }
            }
        }
    }
}
