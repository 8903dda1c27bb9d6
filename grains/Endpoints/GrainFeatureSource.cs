using Mle.Features;

namespace Mle.Endpoints;

/// <summary>Enrichment's features from the feature mart (its stateless worker on this silo): one lookup per feature set per request.</summary>
public sealed class GrainFeatureSource(IGrainFactory grains) : IFeatureSource
{
    public Task<FeatureLookupResult> Lookup(string tenant, string featureSet, FeatureLookup lookup, CancellationToken cancellationToken) =>
        grains.GetGrain<IFeatureMartGrain>(0).Lookup($"{tenant}/{featureSet}", lookup).WaitAsync(cancellationToken);
}
