using System.Collections.Concurrent;

namespace Mle.Features;

/// <summary>
/// The entities active on this silo that hold events, by feature set and entity id: a lookup arriving at this silo
/// reads them in place (<see cref="ActiveEntity.TryRead"/>) instead of making one grain call per entity, which costs
/// far more than reading a few tiles. An entity's grain lists itself once it holds events and unlists itself when it
/// deactivates; an entity not listed here (active on another silo, deactivated, never seen) or declining to be read
/// is asked through its grain as before, which activates it from storage when it must.
/// </summary>
/// <remarks>
/// A read (or write) in place is not a call, so by itself it would not keep the entity active: it marks the entity
/// touched, and <see cref="ActiveEntityKeepAlive"/> tells the grains of touched entities that they are in use. An
/// entity read constantly stays active; one neither called nor read nor written for
/// <see cref="FeaturesOptions.IdleDeactivation"/> deactivates, and its next lookup reads it from storage (once).
/// </remarks>
public sealed class ActiveEntities
{
    private readonly ConcurrentDictionary<FeatureSetRef, ConcurrentDictionary<string, ActiveEntity>> _sets = new();

    /// <summary>Lists <paramref name="entity"/> of <paramref name="set"/>, replacing an older activation's entry.</summary>
    public void Add(FeatureSetRef set, ActiveEntity entity) =>
        _sets.GetOrAdd(set, static _ => new ConcurrentDictionary<string, ActiveEntity>(StringComparer.Ordinal))[entity.Id] = entity;

    /// <summary>Unlists <paramref name="entity"/>, and only it: a newer activation's entry under the same id stays.</summary>
    public void Remove(FeatureSetRef set, ActiveEntity entity)
    {
        if (_sets.TryGetValue(set, out var entities))
        {
            entities.TryRemove(new KeyValuePair<string, ActiveEntity>(entity.Id, entity));
        }
    }

    /// <summary>The listed activation of <paramref name="entity"/>, or null.</summary>
    public ActiveEntity? Find(FeatureSetRef set, string entity) =>
        _sets.TryGetValue(set, out var entities) && entities.TryGetValue(entity, out var active) ? active : null;

    /// <summary>How many entities of <paramref name="set"/> are listed.</summary>
    public int Count(FeatureSetRef set) => _sets.TryGetValue(set, out var entities) ? entities.Count : 0;

    /// <summary>Every listed entity with its set, as listed at some moment of the walk.</summary>
    public IEnumerable<(FeatureSetRef Set, ActiveEntity Entity)> All()
    {
        foreach (var (set, entities) in _sets)
        {
            foreach (var entity in entities.Values)
            {
                yield return (set, entity);
            }
        }
    }
}
