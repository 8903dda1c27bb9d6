using Mle.Errors;

namespace Mle.Features;

/// <summary>
/// Which changes a feature set may go through and keep its entities' state meaningful: it may add raw features and
/// aggregates, and change max ages, lateness, retention and its description. Everything else (removing or retyping
/// a raw feature; removing an aggregate or changing its feature, function, window, hop or n; changing the entity
/// key) is refused with <c>feature_change_rejected</c> (409): the set is not versioned into a second shape, so a
/// breaking change is a new feature set.
/// </summary>
public static class FeatureSetEvolution
{
    public static void Check(FeatureSetSpec current, FeatureSetSpec next)
    {
        if (current.EntityKey != next.EntityKey)
        {
            throw MleErrors.FeatureChangeRejected($"The entity key cannot change from '{current.EntityKey}' to '{next.EntityKey}'.", "entityKey");
        }
        var raw = next.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var feature in current.Features)
        {
            if (!raw.TryGetValue(feature.Name, out var kept))
            {
                throw MleErrors.FeatureChangeRejected($"Feature '{feature.Name}' cannot be removed.", feature.Name);
            }
            if (kept.Type != feature.Type)
            {
                throw MleErrors.FeatureChangeRejected(
                    $"Feature '{feature.Name}' cannot change type from {FeatureSetRules.TypeName(feature.Type)} to {FeatureSetRules.TypeName(kept.Type)}.", feature.Name);
            }
        }
        var aggregates = next.Aggregates.ToDictionary(a => a.Name, StringComparer.Ordinal);
        foreach (var aggregate in current.Aggregates)
        {
            if (!aggregates.TryGetValue(aggregate.Name, out var kept))
            {
                throw MleErrors.FeatureChangeRejected($"Aggregate '{aggregate.Name}' cannot be removed.", aggregate.Name);
            }
            if (kept with { MaxAge = null } != aggregate with { MaxAge = null })
            {
                throw MleErrors.FeatureChangeRejected(
                    $"Aggregate '{aggregate.Name}' cannot change its feature, function, window, hop or n.", aggregate.Name);
            }
        }
    }
}
