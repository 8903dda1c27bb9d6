using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Telemetry;
using Orleans.Placement;

namespace Mle.Features;

/// <summary>
/// One entity of a feature set: the single writer of its <see cref="FeatureEntityState"/>, with the window and
/// history logic in <see cref="FeatureEntity"/>. Write-through by default (the state is written before a push is
/// acknowledged); write-behind when <see cref="FeaturesOptions.WriteBehind"/> is set. Deactivates when neither
/// called nor read or written in place for <see cref="FeaturesOptions.IdleDeactivation"/> (configured per grain type
/// on the silo; <see cref="ActiveEntityKeepAlive"/> counts the work in place). Placed by a hash of its key, not near
/// the caller: one push or lookup fans out to many entities, which should spread over the cluster's silos rather
/// than pile up on the silo whose gateway received it, and a caller can tell from the key alone which silo an entity
/// most likely lives on (<see cref="EntityHomes"/>) and send that silo all of its entities in one call. While it
/// holds events it is listed in its silo's <see cref="ActiveEntities"/>, so that the silo's lookups read it in place
/// (and, under write-behind, its pushes apply in place) rather than call it.
/// </summary>
[HashBasedPlacement]
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
        if (!_state.IsEmpty)
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

    public async Task<FeatureRow> Lookup(int definitionVersion, IReadOnlyList<string> features, DateTimeOffset at) =>
        (await LookupAt(definitionVersion, features, [at]))[0];

    public async Task<IReadOnlyList<FeatureRow>> LookupAt(int definitionVersion, IReadOnlyList<string> features, IReadOnlyList<DateTimeOffset> times)
    {
        if (_state.IsEmpty)
        {
            // Lookups of entities that never had an event (typos, probing, new customers) keep nothing in memory.
            DeactivateOnIdle();
            var none = new FeatureRow(
                _entity, new FeatureValue[features.Count], Enumerable.Repeat(FeatureStatus.NotFound, features.Count).ToArray(), new DateTimeOffset?[features.Count]);
            return [.. times.Select(_ => none)];
        }
        // Through the entity's lock: under write-behind its silo may be applying a push in place at the same time.
        return _state.Read(await Definition(definitionVersion), features, times);
    }

    /// <summary>Nothing to do: the call itself tells the runtime that the entity is in use (see <see cref="ActiveEntityKeepAlive"/>).</summary>
    public Task Touch() => Task.CompletedTask;

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
        // While the state is written, its silo's pushes call this grain instead of applying in place: they wait for
        // this turn to end, so nothing changes the state under its serialization.
        if (!_state.BeginWrite())
        {
            return;
        }
        var written = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
            written = true;
        }
        catch (Exception error)
        {
            LogFlushFailed(logger, this.GetPrimaryKeyString(), error);
        }
        finally
        {
            _state.EndWrite(written);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity {Entity} could not write its state behind; it retries on the next interval.")]
    private static partial void LogFlushFailed(ILogger logger, string entity, Exception error);
}
