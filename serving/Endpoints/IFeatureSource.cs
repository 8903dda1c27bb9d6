using Mle.Features;

namespace Mle.Endpoints;

/// <summary>Where enrichment reads features: the feature mart in a silo (<c>IFeatureMartGrain</c>), a fake in unit tests.</summary>
public interface IFeatureSource
{
    /// <summary>Looks up <paramref name="lookup"/> in feature set <paramref name="featureSet"/> of <paramref name="tenant"/>.</summary>
    Task<FeatureLookupResult> Lookup(string tenant, string featureSet, FeatureLookup lookup, CancellationToken cancellationToken);
}
