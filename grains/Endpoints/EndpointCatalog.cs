using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Serving;

namespace Mle.Endpoints;

/// <summary>
/// One silo's replicated read model of endpoints, compiled and ready: every request finds its endpoint here, never at
/// the endpoint's grain. The grain pushes each change (<see cref="Apply"/>); the catalog compiles it off the request
/// path and swaps the whole compiled endpoint in at once, so a request in flight finishes on the version it started
/// with and the next one sees the new one. An endpoint this silo has not served yet is read once, on first use; one
/// held is re-read in the background past <see cref="CatalogOptions.CatalogRefreshInterval"/> (the bound when a push
/// is lost), and a name that does not exist is remembered as missing for <see cref="CatalogOptions.MissingModelTtl"/>.
/// </summary>
public sealed partial class EndpointCatalog : IEndpointSource
{
    private readonly IGrainFactory _grains;
    private readonly EndpointCompiler _compiler;
    private readonly CanaryBoard _canaries;
    private readonly CatalogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EndpointCatalog> _logger;
    private readonly ConcurrentDictionary<(string Tenant, string Name), Entry> _entries = new();

    public EndpointCatalog(IGrainFactory grains, EndpointCompiler compiler, CanaryBoard canaries, IOptions<CatalogOptions> options, TimeProvider time,
        ILogger<EndpointCatalog> logger)
    {
        _grains = grains;
        _compiler = compiler;
        _canaries = canaries;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<CompiledEndpoint> Find(string tenant, string name, CancellationToken cancellationToken)
    {
        // Looked up before added: GetOrAdd's factory captures this catalog, a delegate allocated on every request.
        var entry = _entries.TryGetValue((tenant, name), out var held) ? held : Add(tenant, name);
        var known = entry.Known ?? await entry.Read().WaitAsync(cancellationToken).ConfigureAwait(false);
        var lifetime = known.Compiled is null ? _options.MissingModelTtl : _options.CatalogRefreshInterval;
        if (_time.GetElapsedTime(known.ReadAt) > lifetime)
        {
            if (known.Compiled is null)
            {
                known = await entry.Read().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _ = entry.Read();
            }
        }
        return known.Compiled ?? throw known.Error!;
    }

    /// <summary>Reads the endpoint now, so the caller (a PUT on this silo) serves its own change at once.</summary>
    public Task Refresh(string tenant, string name) => Add(tenant, name).Read();

    private Entry Add(string tenant, string name) => _entries.GetOrAdd((tenant, name), static (key, catalog) => new Entry(key.Tenant, key.Name, catalog), this);

    /// <summary>Installs a pushed change of an endpoint this silo holds (one it never served is read on first use).</summary>
    public void Apply(EndpointChange change)
    {
        if (_entries.TryGetValue((change.Tenant, change.Name), out var entry))
        {
            _ = entry.Install(change.Revision, change.Endpoint);
        }
    }

    private async Task<Known> Compile(string tenant, string name, long revision, EndpointInfo? info)
    {
        var readAt = _time.GetTimestamp();
        if (info is null)
        {
            _canaries.Forget(tenant, name);
            return new Known(revision, null, MleErrors.EndpointNotFound(name), readAt);
        }
        _canaries.Apply(tenant, name, info.Rollbacks);
        var (spec, problems) = EndpointSpecReader.Read(info.Spec);
        if (spec is null)
        {
            return new Known(revision, null, MleErrors.InvalidEndpoint(name, problems), readAt);
        }
        try
        {
            var compilation = await _compiler.Compile(tenant, name, info.Version, spec).ConfigureAwait(false);
            return compilation.Endpoint is { } compiled
                ? new Known(revision, compiled, null, readAt)
                // Valid when it was PUT; something it names has gone since (a model deleted, a feature set renamed).
                : new Known(revision, null, MleErrors.InvalidEndpoint(name, compilation.Problems), readAt);
        }
        catch (Exception error) when (error is not MleException)
        {
            LogCompileFailed(_logger, error, tenant, name, info.Version);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {Tenant}/{Name} version {Version} could not be compiled on this silo")]
    private static partial void LogCompileFailed(ILogger logger, Exception error, string tenant, string name, long version);

    /// <summary>What a silo knows of one endpoint: compiled, or why it cannot serve (missing, invalid now), as of a revision.</summary>
    private sealed record Known(long Revision, CompiledEndpoint? Compiled, MleException? Error, long ReadAt);

    private sealed class Entry(string tenant, string name, EndpointCatalog catalog)
    {
        private readonly Lock _gate = new();
        private Known? _known;
        private Task<Known>? _reading;

        public Known? Known => Volatile.Read(ref _known);

        /// <summary>Reads the endpoint from its grain, or joins the read in flight.</summary>
        public Task<Known> Read()
        {
            lock (_gate)
            {
                if (_reading is { IsCompleted: false } inFlight)
                {
                    return inFlight;
                }
                _reading = ReadOnce();
                return _reading;
            }
        }

        private async Task<Known> ReadOnce()
        {
            await Task.Yield(); // never call the grain under the caller's lock
            var info = await catalog._grains.GetGrain<IEndpointGrain>($"{tenant}/{name}").Find().ConfigureAwait(false);
            return await Install(info?.Revision ?? 0, info).ConfigureAwait(false);
        }

        /// <summary>Compiles and installs <paramref name="info"/> unless this silo already holds a newer revision.</summary>
        public async Task<Known> Install(long revision, EndpointInfo? info)
        {
            if (Known is { } held && held.Revision > revision)
            {
                return held;
            }
            var compiled = await catalog.Compile(tenant, name, revision, info).ConfigureAwait(false);
            if (compiled.Compiled is null && info is not null && Known?.Compiled is { } previous && previous.Version == info.Version)
            {
                // The same spec version no longer compiles (a rollback's push after its candidate's model broke): the
                // compiled graph in hand still serves, and models are resolved per request anyway.
                compiled = compiled with { Compiled = previous, Error = null };
            }
            while (true)
            {
                var current = Volatile.Read(ref _known);
                // Same revision read again: refresh the read time; an older one landing late must not undo a newer.
                if (current is not null && current.Revision > revision)
                {
                    return current;
                }
                if (Interlocked.CompareExchange(ref _known, compiled, current) == current)
                {
                    return compiled;
                }
            }
        }
    }
}
