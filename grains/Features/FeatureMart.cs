using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Telemetry;

namespace Mle.Features;

/// <summary>
/// The one ingestion and lookup path of the feature mart, used by the REST gateway, the SDK (through
/// <see cref="IFeatureMartGrain"/>) and the stream consumer: it validates a whole batch against the set's
/// definition before anything is applied, then fans out to the entity grains in parallel, one call per entity.
/// A lookup reads the entities active on this silo in place (<see cref="ActiveEntities"/>) and calls only the others.
/// </summary>
public sealed class FeatureMart(
    IGrainFactory grains, FeatureSetCatalog catalog, ActiveEntities active, IOptions<FeaturesOptions> features, IOptions<LimitsOptions> limits,
    TimeProvider time)
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

    /// <summary>Applies validated events, one parallel call per entity (each entity's events in their order).</summary>
    public async Task<PushResult> Apply(FeatureSetDefinition definition, IReadOnlyList<FeatureEvent> events, long receivedTimestamp)
    {
        if (events.Count == 0)
        {
            return PushResult.None;
        }
        var byEntity = new Dictionary<string, List<FeatureEvent>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!byEntity.TryGetValue(e.Entity, out var list))
            {
                byEntity[e.Entity] = list = [];
            }
            list.Add(e);
        }
        var tag = new KeyValuePair<string, object?>(MleTelemetry.FeatureSetTag, definition.Ref.Key);
        var results = await Task.WhenAll(byEntity.Select(async entity =>
        {
            var result = await Entity(definition.Ref, entity.Key).Apply(definition.Version, entity.Value);
            MleTelemetry.FeatureEventToServable.Record(Stopwatch.GetElapsedTime(receivedTimestamp).TotalMilliseconds, tag);
            return result;
        }));
        var total = results.Aggregate(PushResult.None, (sum, r) => sum.Add(r));
        MleTelemetry.FeatureEventsApplied.Add(total.Applied, tag);
        MleTelemetry.FeatureEventsDuplicate.Add(total.Duplicates, tag);
        MleTelemetry.FeatureEventsLate.Add(total.Late, tag);
        return total;
    }

    /// <summary>
    /// Looks up features of every entity in parallel. Without <see cref="FeatureLookup.AsOf"/> every entity is read
    /// at the same instant, the time of the request. Entities active on this silo are read in place, the same read their
    /// grain would make; only the others cost a grain call each, all in flight at once.
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
        var rows = new FeatureRow[entities.Count];
        List<Task>? calls = null;
        for (var i = 0; i < entities.Count; i++)
        {
            if (active.Find(set, entities[i]) is not { } local || !local.TryRead(definition, names, at, out rows[i]))
            {
                (calls ??= []).Add(Call(rows, i, set, entities[i], definition.Version, names, at));
            }
        }
        if (calls is not null)
        {
            await Task.WhenAll(calls);
        }
        return new FeatureLookupResult(names, rows, at);
    }

    private async Task Call(FeatureRow[] rows, int index, FeatureSetRef set, string entity, int version, IReadOnlyList<string> names, DateTimeOffset at) =>
        rows[index] = await Entity(set, entity).Lookup(version, names, at);

    private IFeatureEntityGrain Entity(FeatureSetRef set, string entity) => grains.GetGrain<IFeatureEntityGrain>(set.EntityKey(entity));
}
