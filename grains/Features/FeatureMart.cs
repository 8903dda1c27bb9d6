using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Telemetry;
using Orleans.Runtime.Placement;

namespace Mle.Features;

/// <summary>
/// The one ingestion and lookup path of the feature mart, used by the REST gateway, the SDK (through
/// <see cref="IFeatureMartGrain"/>) and the stream consumer: it validates a whole batch against the set's
/// definition before anything is applied, then reaches every entity at once, as cheaply as it can: an entity active on
/// this silo is read in place (<see cref="ActiveEntities"/>), and under write-behind its events are applied in place; the
/// entities of another silo (<see cref="EntityHomes"/>) go to that silo in one call (<see cref="IFeatureSiloGrain"/>),
/// which does the same there; only the rest cost a grain call each, all in flight together.
/// </summary>
public sealed class FeatureMart(
    IGrainFactory grains, FeatureSetCatalog catalog, ActiveEntities active, EntityHomes homes, FeatureCallCounts counts,
    IOptions<FeaturesOptions> features, IOptions<LimitsOptions> limits, TimeProvider time)
{
    /// <summary>Validates every event, then applies them; a bad event throws and nothing is applied.</summary>
    public async Task<PushResult> Push(FeatureSetRef set, IReadOnlyList<FeatureEvent?> events)
    {
        var received = Stopwatch.GetTimestamp();
        if (events.Count > limits.Value.MaxEventsPerPush)
        {
            throw MleErrors.TooManyEvents(events.Count, limits.Value.MaxEventsPerPush);
        }
        var definition = await catalog.Get(set);
        IReadOnlyList<FeatureEvent> valid;
        try
        {
            valid = FeatureEvents.Validate(definition, events, time.GetUtcNow(), features.Value);
        }
        catch (InvalidRequestException unknown) when (unknown.Code == ErrorCodes.UnknownFeature)
        {
            // Perhaps the set just evolved through another silo: read it again before refusing.
            definition = await catalog.Refresh(set);
            valid = FeatureEvents.Validate(definition, events, time.GetUtcNow(), features.Value);
        }
        return await Apply(definition, valid, received);
    }

    /// <summary>Applies validated events, each entity's in their order, all entities at once; counts them in the set's metrics.</summary>
    public async Task<PushResult> Apply(FeatureSetDefinition definition, IReadOnlyList<FeatureEvent> events, long receivedTimestamp)
    {
        if (events.Count == 0)
        {
            return PushResult.None;
        }
        var total = await Apply(definition, events, receivedTimestamp, route: true);
        var tag = new KeyValuePair<string, object?>(MleTelemetry.FeatureSetTag, definition.Ref.Key);
        MleTelemetry.FeatureEventsApplied.Add(total.Applied, tag);
        MleTelemetry.FeatureEventsDuplicate.Add(total.Duplicates, tag);
        MleTelemetry.FeatureEventsLate.Add(total.Late, tag);
        return total;
    }

    /// <summary>
    /// Applies validated events of entities another silo sent here (<see cref="IFeatureSiloGrain.Apply"/>): in place or
    /// by grain calls, never sent on (the sender counts them in the set's metrics).
    /// </summary>
    public Task<PushResult> ApplyHere(FeatureSetDefinition definition, IReadOnlyList<FeatureEvent> events, long receivedTimestamp) =>
        events.Count == 0 ? Task.FromResult(PushResult.None) : Apply(definition, events, receivedTimestamp, route: false);

    private async Task<PushResult> Apply(FeatureSetDefinition definition, IReadOnlyList<FeatureEvent> events, long receivedTimestamp, bool route)
    {
        var set = definition.Ref;
        var tag = new KeyValuePair<string, object?>(MleTelemetry.FeatureSetTag, set.Key);
        var options = features.Value;
        // Under write-through an entity's grain must write its state before the push is acknowledged, so it is called;
        // under write-behind a change is acknowledged from memory, so an active entity's events apply in place.
        var inPlace = options.WriteBehind > TimeSpan.Zero;
        int applied = 0, duplicates = 0, late = 0, writtenInPlace = 0;
        List<Task<PushResult>>? calls = null;
        Dictionary<SiloAddress, List<FeatureEvent>>? elsewhere = null;
        foreach (var (entity, entityEvents) in ByEntity(events))
        {
            if (inPlace && active.Find(set, entity) is { } local && local.TryApply(definition, entityEvents, options.MaxFutureSkew, out var result))
            {
                applied += result.Applied;
                duplicates += result.Duplicates;
                late += result.Late;
                writtenInPlace++;
                MleTelemetry.FeatureEventToServable.Record(Stopwatch.GetElapsedTime(receivedTimestamp).TotalMilliseconds, tag);
                continue;
            }
            var grain = Entity(set, entity);
            if (route && homes.Elsewhere(grain.GetGrainId()) is { } home)
            {
                GroupFor(ref elsewhere, home).AddRange(entityEvents);
                continue;
            }
            (calls ??= []).Add(CallApply(grain, definition.Version, entityEvents, receivedTimestamp, tag));
        }
        counts.WroteInPlace(writtenInPlace);
        foreach (var (home, sent) in elsewhere ?? [])
        {
            counts.CalledSilo();
            (calls ??= []).Add(Placed(home, () => CallApply(Silo(home), set.Key, definition.Version, sent, receivedTimestamp, tag)));
        }
        var total = new PushResult(events.Count, applied, duplicates, late);
        if (calls is not null)
        {
            foreach (var call in await Task.WhenAll(calls))
            {
                total = total with { Applied = total.Applied + call.Applied, Duplicates = total.Duplicates + call.Duplicates, Late = total.Late + call.Late };
            }
        }
        return total;
    }

    /// <summary>Each entity's events in their order, entities in order of first appearance.</summary>
    private static Dictionary<string, List<FeatureEvent>> ByEntity(IReadOnlyList<FeatureEvent> events)
    {
        var byEntity = new Dictionary<string, List<FeatureEvent>>(events.Count, StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!byEntity.TryGetValue(e.Entity, out var list))
            {
                byEntity[e.Entity] = list = new List<FeatureEvent>(1);
            }
            list.Add(e);
        }
        return byEntity;
    }

    private async Task<PushResult> CallApply(
        IFeatureEntityGrain grain, int version, List<FeatureEvent> events, long receivedTimestamp, KeyValuePair<string, object?> tag)
    {
        counts.CalledEntity();
        var result = await grain.Apply(version, events);
        MleTelemetry.FeatureEventToServable.Record(Stopwatch.GetElapsedTime(receivedTimestamp).TotalMilliseconds, tag);
        return result;
    }

    private static async Task<PushResult> CallApply(
        IFeatureSiloGrain silo, string set, int version, List<FeatureEvent> events, long receivedTimestamp, KeyValuePair<string, object?> tag)
    {
        var result = await silo.Apply(set, version, events);
        // One sample per push and silo: the events of that silo became servable together.
        MleTelemetry.FeatureEventToServable.Record(Stopwatch.GetElapsedTime(receivedTimestamp).TotalMilliseconds, tag);
        return result;
    }

    /// <summary>
    /// Looks up features of every entity in parallel. Without <see cref="FeatureLookup.AsOf"/> every entity is read
    /// at the same instant, the time of the request. Entities active on this silo are read in place, the same read their
    /// grain would make; those of other silos cost one call per silo, which reads them in place there; only the rest
    /// cost a grain call each, all in flight at once.
    /// </summary>
    public async Task<FeatureLookupResult> Lookup(FeatureSetRef set, FeatureLookup request)
    {
        var entities = request.Entities ?? throw MleErrors.InvalidRequest("The lookup needs entities: {\"entities\": [\"c1\"]}.", "entities");
        var names = request.Features;
        if (names is null || names.Count == 0)
        {
            throw MleErrors.InvalidRequest("The lookup needs at least one feature: {\"features\": [\"amount\"]}.", "features");
        }
        if (entities.Count > limits.Value.MaxLookupEntities)
        {
            throw MleErrors.TooManyEntities(entities.Count, limits.Value.MaxLookupEntities);
        }
        for (var i = 0; i < entities.Count; i++)
        {
            if (!FeatureEvents.IsId(entities[i], features.Value.MaxIdLength))
            {
                FeatureEvents.RequireId(entities[i], "entity id", features.Value.MaxIdLength, $"entities[{i}]", "");
            }
        }
        var definition = await catalog.Get(set);
        if (names.FirstOrDefault(name => !definition.Declares(name)) is not null)
        {
            definition = await catalog.Refresh(set);
            for (var i = 0; i < names.Count; i++)
            {
                if (!definition.Declares(names[i]))
                {
                    throw MleErrors.UnknownFeature(set.Name, names[i], $"features[{i}]");
                }
            }
        }
        var now = time.GetUtcNow();
        var at = request.AsOf ?? now;
        if (request.AsOf is { } asOf && asOf < now - definition.Retention)
        {
            throw MleErrors.AsOfOutsideRetention(asOf, now - definition.Retention, set.Name);
        }
        return new FeatureLookupResult(names, await Rows(definition, entities, names, at, route: true), at);
    }

    /// <summary>
    /// The rows of entities another silo sent here (<see cref="IFeatureSiloGrain.Lookup"/>), in their order: in place or
    /// by grain calls, never sent on.
    /// </summary>
    public Task<FeatureRow[]> LookupHere(FeatureSetDefinition definition, IReadOnlyList<string> entities, IReadOnlyList<string> names, DateTimeOffset at) =>
        Rows(definition, entities, names, at, route: false);

    /// <summary>The list of what goes to <paramref name="home"/> in one call, started on first use.</summary>
    private static List<T> GroupFor<T>(ref Dictionary<SiloAddress, List<T>>? groups, SiloAddress home)
    {
        groups ??= [];
        if (!groups.TryGetValue(home, out var group))
        {
            groups[home] = group = [];
        }
        return group;
    }

    private async Task<FeatureRow[]> Rows(FeatureSetDefinition definition, IReadOnlyList<string> entities, IReadOnlyList<string> names, DateTimeOffset at, bool route)
    {
        var set = definition.Ref;
        var rows = new FeatureRow[entities.Count];
        List<Task>? calls = null;
        Dictionary<SiloAddress, List<int>>? elsewhere = null;
        var readInPlace = 0;
        for (var i = 0; i < entities.Count; i++)
        {
            if (active.Find(set, entities[i]) is { } local && local.TryRead(definition, names, at, out rows[i]))
            {
                readInPlace++;
                continue;
            }
            var grain = Entity(set, entities[i]);
            if (route && homes.Elsewhere(grain.GetGrainId()) is { } home)
            {
                GroupFor(ref elsewhere, home).Add(i);
                continue;
            }
            counts.CalledEntity();
            (calls ??= []).Add(Call(rows, i, grain, definition.Version, names, at));
        }
        counts.ReadInPlace(readInPlace);
        foreach (var (home, indexes) in elsewhere ?? [])
        {
            counts.CalledSilo();
            (calls ??= []).Add(Placed(home, () => Call(rows, indexes, Silo(home), set.Key, definition.Version, [.. indexes.Select(i => entities[i])], names, at)));
        }
        if (calls is not null)
        {
            await Task.WhenAll(calls);
        }
        return rows;
    }

    private static async Task Call(FeatureRow[] rows, int index, IFeatureEntityGrain grain, int version, IReadOnlyList<string> names, DateTimeOffset at) =>
        rows[index] = await grain.Lookup(version, names, at);

    private static async Task Call(
        FeatureRow[] rows, List<int> indexes, IFeatureSiloGrain silo, string set, int version, string[] entities, IReadOnlyList<string> names, DateTimeOffset at)
    {
        var found = await silo.Lookup(set, version, entities, names, at);
        for (var i = 0; i < indexes.Count; i++)
        {
            rows[indexes[i]] = found[i];
        }
    }

    private IFeatureEntityGrain Entity(FeatureSetRef set, string entity) => grains.GetGrain<IFeatureEntityGrain>(set.EntityKey(entity));

    private IFeatureSiloGrain Silo(SiloAddress silo) => grains.GetGrain<IFeatureSiloGrain>(silo.ToParsableString());

    /// <summary>
    /// Makes <paramref name="call"/> to the mart of <paramref name="silo"/> with a placement hint, so that the call that
    /// activates it places it there; the hint is gone again for whatever this flow calls next.
    /// </summary>
    private static T Placed<T>(SiloAddress silo, Func<T> call)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return call();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }
}
