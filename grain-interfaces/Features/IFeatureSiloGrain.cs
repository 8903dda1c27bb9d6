namespace Mle.Features;

/// <summary>
/// A silo's feature mart as the other silos see it (one per silo, key: the silo's address, placed on it): a push or
/// lookup arriving at one silo sends each other silo the entities that live there in one call, instead of one call
/// per entity. It reads and, under write-behind, writes the entities active on its silo in place, and calls the grains
/// of the others. Internal to the cluster. <c>featureSet</c> is <c>{tenant}/{name}</c>; <c>definitionVersion</c> the
/// version the caller validated against.
/// </summary>
public interface IFeatureSiloGrain : IGrainWithStringKey
{
    /// <summary>Applies validated events of this silo's entities (each entity's in their order); see <see cref="IFeatureEntityGrain.Apply"/>.</summary>
    Task<PushResult> Apply(string featureSet, int definitionVersion, IReadOnlyList<FeatureEvent> events);

    /// <summary>The rows of <paramref name="entities"/>, in their order, evaluated at <paramref name="at"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<FeatureRow>> Lookup(
        string featureSet, int definitionVersion, IReadOnlyList<string> entities, IReadOnlyList<string> features, DateTimeOffset at);
}
