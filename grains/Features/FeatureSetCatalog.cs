using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mle.Errors;

namespace Mle.Features;

/// <summary>
/// A silo's copy of feature set definitions, read from their grains and trusted for
/// <see cref="FeaturesOptions.DefinitionRefreshInterval"/>. Callers that know a newer version exists ask for it
/// (<c>minVersion</c>) and get it at once.
/// </summary>
public sealed class FeatureSetCatalog(IGrainFactory grains, IOptions<FeaturesOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (FeatureSetDefinition Definition, DateTimeOffset ReadAt)> _definitions = new(StringComparer.Ordinal);

    /// <summary>The set's definition, at least version <paramref name="minVersion"/>. Throws <c>feature_set_not_found</c>.</summary>
    public ValueTask<FeatureSetDefinition> Get(FeatureSetRef set, int minVersion = 0)
    {
        if (_definitions.TryGetValue(set.Key, out var cached) && cached.Definition.Version >= minVersion
            && time.GetUtcNow() - cached.ReadAt < options.Value.DefinitionRefreshInterval)
        {
            return ValueTask.FromResult(cached.Definition);
        }
        return new ValueTask<FeatureSetDefinition>(Refresh(set));
    }

    /// <summary>Reads the definition from its grain now.</summary>
    public async Task<FeatureSetDefinition> Refresh(FeatureSetRef set)
    {
        var info = await grains.GetGrain<IFeatureSetGrain>(set.Key).Find() ?? throw MleErrors.FeatureSetNotFound(set.Name);
        var definition = _definitions.TryGetValue(set.Key, out var cached) && cached.Definition.Version == info.Version
            ? cached.Definition
            : new FeatureSetDefinition(info);
        _definitions[set.Key] = (definition, time.GetUtcNow());
        return definition;
    }

    /// <summary>Forgets a set's copy (after this silo changed it, so its own next call sees the change).</summary>
    public void Forget(FeatureSetRef set) => _definitions.TryRemove(set.Key, out _);
}
