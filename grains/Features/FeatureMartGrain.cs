using Mle.Errors;

namespace Mle.Features;

/// <summary>
/// The SDK's way into the feature mart: a stateless worker on the silo the client is connected to, holding no state
/// (reentrant: one activation serves many concurrent calls), delegating to the silo's <see cref="FeatureMart"/>.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class FeatureMartGrain(FeatureMart mart) : Grain, IFeatureMartGrain
{
    public Task<PushResult> Push(string featureSet, IReadOnlyList<FeatureEvent> events) =>
        mart.Push(Parse(featureSet), events ?? throw MleErrors.InvalidRequest("The push needs events.", "events"));

    public Task<FeatureLookupResult> Lookup(string featureSet, FeatureLookup request) =>
        mart.Lookup(Parse(featureSet), request ?? throw MleErrors.InvalidRequest("The lookup needs a request.", "request"));

    private static FeatureSetRef Parse(string featureSet)
    {
        var parts = featureSet?.Split('/') ?? [];
        return parts.Length == 2
            ? FeatureSetRef.Create(parts[0], parts[1])
            : throw MleErrors.InvalidName("feature set", featureSet ?? "", "a feature set is named tenant/name.");
    }
}
