using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Telemetry;
using Orleans.Placement;

namespace Mle.Features;

/// <summary>
/// One entity of a feature set: the single writer of its <see cref="FeatureEntityState"/>, with the window and
/// history logic in <see cref="FeatureEntity"/>. Write-through by default (the state is written before a push is
/// acknowledged); write-behind when <see cref="FeaturesOptions.WriteBehind"/> is set. Deactivates when idle for
/// <see cref="FeaturesOptions.IdleDeactivation"/> (configured per grain type on the silo). Placed at random, not near
/// the caller: one push or lookup fans out to many entities, which should spread over the cluster's silos rather
/// than pile up on the silo whose gateway received it. While it holds events it is listed in its silo's
/// <see cref="ActiveEntities"/>, so that the silo's lookups read it in place rather than call it.
/// </summary>
[RandomPlacement]
public sealed partial class FeatureEntityGrain(
    [PersistentState("entity", StorageNames.Features)] IPersistentState<FeatureEntityState> state,
    FeatureSetCatalog catalog,
    ActiveEntities active,
    IOptions<FeaturesOptions> options,
    ILogger<FeatureEntityGrain> logger)
    : Grain, IFeatureEntityGrain
{
    private FeatureSetRef _set;
    private string _entity = "";
    private FeatureSetDefinition? _definition;
    private KeyValuePair<string, object?> _tag;
    private bool _dirty;
    private ActiveEntity _state = null!;
    private bool _listed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _set = FeatureSetRef.ParseKey(key);
        _entity = key.Split('/', 3) is { Length: 3 } parts ? parts[2] : "";
        _tag = new(MleTelemetry.FeatureSetTag, _set.Key);
        MleTelemetry.FeatureEntitiesActive.Add(1, _tag);
        _state = new ActiveEntity(_entity, state.State);
        if (!new FeatureEntity(state.State).IsEmpty)
        {
            List();
        }
        var interval = options.Value.WriteBehind;
        if (interval > TimeSpan.Zero)
        {
            this.RegisterGrainTimer(Flush, new GrainTimerCreationOptions(interval, interval) { KeepAlive = false });
        }
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        MleTelemetry.FeatureEntitiesActive.Add(-1, _tag);
        Unlist();
        await Flush(cancellationToken);
    }

    public async Task<PushResult> Apply(int definitionVersion, IReadOnlyList<FeatureEvent> events)
    {
        var definition = await Definition(definitionVersion);
        var writeBehind = options.Value.WriteBehind > TimeSpan.Zero;
        // Under write-behind a change is acknowledged from memory, so reads in place may see it at once.
        var result = _state.Apply(definition, events, options.Value.MaxFutureSkew, acknowledged: writeBehind);
        if (result.Applied == 0)
        {
            return result;
        }
        if (writeBehind)
        {
            _dirty = true;
            List();
            return result;
        }
        try
        {
            // Write-through: an acknowledged event survives a crash.
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: the events are not acknowledged, and the next call starts from what was stored.
            Unlist();
            DeactivateOnIdle();
            throw;
        }
        _state.Acknowledge();
        List();
        return result;
    }

    public async Task<FeatureRow> Lookup(int definitionVersion, IReadOnlyList<string> features, DateTimeOffset at)
    {
        var entity = new FeatureEntity(state.State);
        if (entity.IsEmpty)
        {
            // Lookups of entities that never had an event (typos, probing, new customers) keep nothing in memory.
            DeactivateOnIdle();
            return new FeatureRow(
                _entity, new FeatureValue[features.Count], Enumerable.Repeat(FeatureStatus.NotFound, features.Count).ToArray(), new DateTimeOffset?[features.Count]);
        }
        return entity.Read(await Definition(definitionVersion), _entity, features, at);
    }

    public async Task<IReadOnlyList<FeatureRow>> LookupAt(int definitionVersion, IReadOnlyList<string> features, IReadOnlyList<DateTimeOffset> times)
    {
        var entity = new FeatureEntity(state.State);
        if (entity.IsEmpty)
        {
            DeactivateOnIdle();
            var none = new FeatureRow(
                _entity, new FeatureValue[features.Count], Enumerable.Repeat(FeatureStatus.NotFound, features.Count).ToArray(), new DateTimeOffset?[features.Count]);
            return [.. times.Select(_ => none)];
        }
        var definition = await Definition(definitionVersion);
        return [.. times.Select(at => entity.Read(definition, _entity, features, at))];
    }

    private void List()
    {
        if (!_listed)
        {
            active.Add(_set, _state);
            _listed = true;
        }
    }

    /// <summary>Stops reads in place for good: this activation's memory is no longer to be trusted or is going away.</summary>
    private void Unlist()
    {
        _state.Retire();
        active.Remove(_set, _state);
        _listed = true; // and never listed again
    }

    /// <summary>The cached definition, refreshed when a caller or the stored state knows a newer version.</summary>
    private async ValueTask<FeatureSetDefinition> Definition(int minVersion)
    {
        var needed = Math.Max(minVersion, state.State.DefinitionVersion);
        if (_definition is null || _definition.Version < needed)
        {
            _definition = await catalog.Get(_set, needed);
        }
        return _definition;
    }

    private async Task Flush(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }
        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception error)
        {
            _dirty = true;
            LogFlushFailed(logger, this.GetPrimaryKeyString(), error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity {Entity} could not write its state behind; it retries on the next interval.")]
    private static partial void LogFlushFailed(ILogger logger, string entity, Exception error);
}
